package dev.healing.store.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens the pool's connections, and answers the pool's liveness check for free while a connection
 * was used recently. HikariCP checks a connection idle for more than half a second before handing
 * it out ({@code Connection.isValid}: one round trip to the server), which a runner saving every
 * few seconds pays on every save. Here a connection used within {@link #trustWindowNanos} is
 * taken as alive without asking the server; one idle for longer (when a firewall or a restarted
 * server may have dropped it) is asked. A connection that died within the window fails its first
 * statement, which the store retries on a fresh connection with the write's receipt (exactly
 * once), so trusting it costs a retry at worst. Thread-safe.
 */
final class RecentlyUsedDataSource implements DataSource {
    /** Default time a used connection is trusted to be alive: 30 seconds. */
    static final long DEFAULT_TRUST_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String jdbcUrl;
    private final Properties properties;
    private final long trustWindowNanos;
    private final AtomicLong serverChecks = new AtomicLong();

    /**
     * @param properties the driver's connection properties, user and password included (kept,
     *     never logged)
     */
    RecentlyUsedDataSource(String jdbcUrl, Properties properties, long trustWindowNanos) {
        this.jdbcUrl = jdbcUrl;
        this.properties = (Properties) properties.clone();
        this.trustWindowNanos = trustWindowNanos;
    }

    /** @return how many liveness checks went to the server (for tests) */
    long serverChecks() {
        return serverChecks.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Tracked(c));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store's data source has its login already");
    }

    /**
     * Remembers when the connection last did work on the server (statements, commit, rollback;
     * not the pool's own calls around its check, such as the network timeout); answers isValid
     * from that while it is recent.
     */
    private final class Tracked implements InvocationHandler {
        private final Connection target;
        private volatile long lastUsed = System.nanoTime();

        Tracked(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("isValid") && System.nanoTime() - lastUsed < trustWindowNanos) {
                return !target.isClosed();
            }
            if (method.getName().equals("isValid")) {
                serverChecks.incrementAndGet();
            }
            try {
                Object result = method.invoke(target, args);
                if (isWork(method.getName())) {
                    lastUsed = System.nanoTime();
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static boolean isWork(String method) {
        return method.startsWith("prepare") || method.equals("createStatement") || method.equals("commit")
                || method.equals("rollback");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the driver logs through java.util.logging; nothing to set
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the connect and login timeouts are in the connection properties
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
