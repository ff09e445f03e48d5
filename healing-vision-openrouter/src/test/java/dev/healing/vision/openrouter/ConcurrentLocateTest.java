package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One locator shared by several threads, as one Healer serves many workflows. */
@Timeout(60)
final class ConcurrentLocateTest {
    @Test
    void locate_fromFourThreadsAtOnce_everyCallIsAnsweredAndCounted() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    Image seen = FakeChat.decode(FakeChat.imageUrls(FakeChat.body(request)).get(0));
                    return FakeChat.answer(ZoomStageTest.seeRedButton(seen, ModelProfile.QWEN2_5_VL, 0.9), 1000, 10,
                            0.001);
                }
            });
            server.start();
            OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder().calibration(Calibration.OFF)
                    .baseUrl(server.url("/api/v1").toString()).model("qwen/qwen2.5-vl-72b-instruct")
                    .apiKey(FakeChat.KEY).build();
            Image screen = ZoomStageTest.screenWithRedButton();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<LocateResult>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> locator.locate(
                            FakeChat.query(screen, new Point(100, 100), null, "Click the red button"))));
                }
                for (Future<LocateResult> f : results) {
                    LocateResult r = f.get();
                    assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
                    assertTrue(new dev.healing.api.Rect(1412, 803, 84, 30).contains(r.candidates().get(0).point()));
                    assertEquals(2, r.cost().calls());
                    assertEquals(2020, r.cost().totalTokens());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(16, server.getRequestCount());
        }
    }
}
