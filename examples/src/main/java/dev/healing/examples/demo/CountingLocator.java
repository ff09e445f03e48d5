package dev.healing.examples.demo;

import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a locator and counts how often it is asked, so the demo can show what a heal cost. */
final class CountingLocator implements Locator {
    private final Locator delegate;
    private final AtomicInteger calls = new AtomicInteger();

    CountingLocator(Locator delegate) {
        this.delegate = delegate;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public LocateResult locate(LocateQuery query) {
        calls.incrementAndGet();
        return delegate.locate(query);
    }

    @Override
    public boolean paid() {
        return delegate.paid();
    }
}
