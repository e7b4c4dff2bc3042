package org.fovea.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardServerTest {
    static final String SECRET = "TOP-SECRET-CONTENT";

    @TempDir Path tmp;
    Path root;
    DashboardServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("runs"));
        Path run = Files.createDirectories(root.resolve("lenet5-20260101-120000"));
        Files.writeString(run.resolve("command.txt"), "./fovea train --epochs 2\n");
        Files.writeString(run.resolve("metrics.csv"), "epoch,train_loss,train_acc,val_loss,val_acc,val_top5,lr,images_per_s,seconds,gc_seconds\n"
                + "1,0.9,0.70,0.8,0.72,0.98,0.02,1000.0,1.0,0.0\n2,0.6,0.80,0.7,0.76,0.99,0.01,1100.0,1.0,0.0\n");
        Files.createDirectories(run.resolve("dashboard"));
        Files.write(run.resolve("dashboard/filters-1.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        // Files outside the served area that no request may reach.
        Files.writeString(tmp.resolve("secret.png"), SECRET);
        Files.writeString(root.resolve("secret.png"), SECRET);
        Files.writeString(run.resolve("secret.png"), SECRET);
        Path outside = Files.createDirectories(tmp.resolve("outside/dashboard"));
        Files.writeString(outside.resolve("leak.png"), SECRET);
        Files.writeString(tmp.resolve("outside/metrics.csv"), SECRET);
        Files.createSymbolicLink(root.resolve("linked-run"), tmp.resolve("outside"));
        Files.createSymbolicLink(run.resolve("dashboard/leak.png"), outside.resolve("leak.png"));
        server = DashboardServer.start(new RunStore(root), "127.0.0.1", 0);
        port = server.port();
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void servesThePageAndUplotFromTheJar() throws Exception {
        var page = Http.get(port, "/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/lib/uPlot.iife.min.js"), page.body());
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'none'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        var lib = Http.get(port, "/lib/uPlot.iife.min.js");
        assertEquals(200, lib.status());
        assertTrue(lib.header("Content-Type").startsWith("text/javascript"));
        assertTrue(lib.body().contains("uPlot"));
        assertEquals(200, Http.get(port, "/static/app.js").status());
        assertEquals(200, Http.get(port, "/lib/uPlot.min.css").status());
        assertEquals("http://127.0.0.1:" + port + "/", server.uri().toString());
    }

    @Test
    void listsRunsAndReplaysAFinishedRunFromMetricsCsv() throws Exception {
        var list = Http.get(port, "/api/runs");
        assertEquals(200, list.status());
        assertTrue(list.body().contains("\"name\":\"lenet5-20260101-120000\""), list.body());
        assertFalse(list.body().contains("linked-run"), "a symbolic link leading outside the root is no run: " + list.body());
        var events = Http.get(port, "/api/runs/lenet5-20260101-120000/events");
        assertEquals(200, events.status());
        assertTrue(events.header("Content-Type").startsWith("text/event-stream"));
        String body = events.body();
        assertTrue(body.contains("\"type\":\"meta\"") && body.contains("./fovea train --epochs 2"), body);
        assertTrue(body.contains("\"val_acc\":0.76"), body);
        assertTrue(body.contains("\"type\":\"finished\""), body);
        assertTrue(body.contains("event: end"), body);
        var png = Http.get(port, "/api/runs/lenet5-20260101-120000/files/filters-1.png");
        assertEquals(200, png.status());
        assertEquals("image/png", png.header("Content-Type"));
    }

    @Test
    void noPathTraversal() throws Exception {
        String run = "/api/runs/lenet5-20260101-120000";
        List<String> attacks = List.of(
                "/../secret.png", "/static/../../secret.png", "/static/%2e%2e/%2e%2e/secret.png", "/%2e%2e/secret.png",
                "/api/runs/../secret.png", "/api/runs/..%2Fsecret.png/events", "/api/runs/..%2f..%2fsecret/files/secret.png",
                "/api/runs/%2e%2e/files/secret.png", "/api/runs/%252e%252e/files/secret.png", "/api/runs/..%5c/files/secret.png",
                "/api/runs/./files/secret.png", "/api/runs/../files/secret.png", "/api/runs/..;/files/secret.png",
                run + "/files/../secret.png", run + "/files/..%2Fsecret.png", run + "/files/%2e%2e%2fsecret.png",
                run + "/files/%2e%2e%2f%2e%2e%2fsecret.png", run + "/files/..%5csecret.png", run + "/files/....//secret.png",
                run + "/files/%252e%252e%252fsecret.png", run + "/files//etc/passwd", run + "/files/%2Fetc%2Fpasswd",
                run + "/files/secret.png%00.png", run + "/files/leak.png", run + "/files/..%c0%afsecret.png",
                "/api/runs/linked-run/files/leak.png", "/api/runs/linked-run/events", "/api/runs/%2Ftmp/events",
                "/api/runs/lenet5-20260101-120000%2F..%2F..%2Fouside/events");
        for (String target : attacks) {
            var r = Http.get(port, target);
            assertTrue(r.status() == 400 || r.status() == 404, target + " answered " + r.status());
            assertFalse(r.body().contains(SECRET), target + " leaked a file");
        }
        RunStore store = server.store();
        for (String bad : List.of("..", ".", "", "a/b", "a\\b", "%2e%2e", ".hidden", "a..b", "x".repeat(101), "run\u0000", "ru n")) {
            assertFalse(RunStore.validName(bad), bad);
            assertNull(store.log(bad));
            assertNull(store.file(bad, "filters-1.png"));
        }
        assertNull(store.file("lenet5-20260101-120000", "../secret.png"));
        assertNull(store.file("lenet5-20260101-120000", "secret.txt"));
    }

    @Test
    void readOnlyBoundedAndClosedToOtherOrigins() throws Exception {
        var post = Http.request(port, "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertEquals(405, post.status());
        assertEquals(405, Http.request(port, "DELETE /api/runs/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status());
        var body = Http.request(port, "GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        assertEquals(413, body.status());
        assertEquals(414, Http.get(port, "/api/runs/" + "a".repeat(2000)).status());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 200; i++) many.append("X-Filler-").append(i).append(": ").append("y".repeat(100)).append("\r\n");
        var big = Http.request(port, many.append("Connection: close\r\n\r\n").toString());
        assertTrue(big.status() != 200, "oversized request headers must be refused, got " + big.status());
        // DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own Host.
        var rebinding = Http.request(port, "GET /api/runs HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertEquals(403, rebinding.status());
        var cors = Http.request(port, "GET /api/runs HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
        assertEquals(200, cors.status());
        assertNull(cors.header("Access-Control-Allow-Origin"));
        assertEquals(404, Http.get(port, "/api/runs/no-such-run/events").status());
        assertEquals(404, Http.get(port, "/nothing-here").status());
    }

    @Test
    void liveRunStreamsNewEventsAsTheyCome() throws Exception {
        RunLog log = RunLog.live(tmp.resolve("live/dashboard/events.jsonl"));
        server.store().addLive("live", log);
        log.append(Map.of("type", "meta", "run", "live"));
        assertTrue(Http.get(port, "/api/runs").body().contains("{\"name\":\"live\",\"live\":true"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/runs/live/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(readUntil(in, "\"type\":\"meta\""));
            log.append(Map.of("type", "step", "global_step", 1, "loss", 2.3));
            assertTrue(readUntil(in, "\"loss\":2.3"));
            log.append(Map.of("type", "finished", "epochs", 1, "reason", "done"));
            log.complete();
            assertTrue(readUntil(in, "event: end"));
        }
        assertEquals(3, Files.readAllLines(tmp.resolve("live/dashboard/events.jsonl")).size());
        // Resuming after a reconnect starts after the last event the browser saw.
        var resumed = Http.request(port, "GET /api/runs/live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: 2\r\nConnection: close\r\n\r\n");
        assertFalse(resumed.body().contains("\"type\":\"meta\""), resumed.body());
        assertTrue(resumed.body().contains("id: 3\ndata: {") && resumed.body().contains("\"type\":\"finished\""), resumed.body());
        assertFalse(resumed.body().contains("id: 2\n"), resumed.body());
    }

    private static boolean readUntil(BufferedReader in, String wanted) throws Exception {
        String line;
        while ((line = in.readLine()) != null) if (line.contains(wanted)) return true;
        return false;
    }
}
