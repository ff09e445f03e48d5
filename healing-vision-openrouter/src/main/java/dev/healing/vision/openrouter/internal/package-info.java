/**
 * Internals of the OpenRouter vision locator: image sizing and encoding, the HTTP exchange with
 * retries, prompt building, answer parsing and the spend ledger. Not API: may change at any time.
 */
package dev.healing.vision.openrouter.internal;
