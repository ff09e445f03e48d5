package dev.healing.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code postgresql://user:password@host:port/database?namespace=team} URL (also
 * {@code postgres://} and {@code jdbc:postgresql://}). The password is kept apart and never
 * appears in {@link #toString()}, {@link #redacted()} or {@link #jdbcUrl()}.
 */
final class ConnectionUrl {
    private static final Pattern USERINFO = Pattern.compile("//[^/@]*@");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final char[] password;
    private final Map<String, String> parameters;

    private ConnectionUrl(String host, int port, String database, String user, char[] password,
                          Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = parameters;
    }

    /** @return whether {@code text} looks like a PostgreSQL URL rather than a file name */
    static boolean isPostgres(String text) {
        return text.startsWith("postgresql://") || text.startsWith("postgres://")
                || text.startsWith("jdbc:postgresql://");
    }

    /**
     * @throws IllegalArgumentException naming the URL without its password when it cannot be parsed
     */
    static ConnectionUrl parse(String url) {
        if (url == null || !isPostgres(url)) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://host:port/database): "
                    + (url == null ? null : redact(url)));
        }
        String text = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot parse the PostgreSQL URL " + redact(url) + " (" + e.getReason()
                    + ")", null);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL " + redact(url) + " names no host");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL " + redact(url) + " names no database");
        }
        String user = null;
        char[] password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = decode(info.substring(colon + 1)).toCharArray();
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("password")) {
                    password = value.toCharArray();
                } else if (key.equals("user")) {
                    user = value;
                } else {
                    parameters.put(key, value);
                }
            }
        }
        return new ConnectionUrl(host, port, database, user, password, parameters);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** @return {@code url} with any password removed (the user info and a password parameter) */
    static String redact(String url) {
        String out = USERINFO.matcher(url).replaceFirst(m -> {
            String info = m.group();
            int colon = info.indexOf(':');
            return colon < 0 ? java.util.regex.Matcher.quoteReplacement(info)
                    : java.util.regex.Matcher.quoteReplacement(info.substring(0, colon) + ":***@");
        });
        return out.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    /** @return the user named in the URL, or null */
    String user() {
        return user;
    }

    /** @return the password named in the URL, or null; a copy */
    char[] password() {
        return password == null ? null : password.clone();
    }

    /** @return a query parameter other than user and password, or null */
    String parameter(String key) {
        return parameters.get(key);
    }

    /** @return the JDBC URL without user, password or our own parameters */
    String jdbcUrl() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** @return the URL for people: user, host, port, database, never the password */
    String redacted() {
        return "postgresql://" + (user == null ? "" : user + "@") + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
