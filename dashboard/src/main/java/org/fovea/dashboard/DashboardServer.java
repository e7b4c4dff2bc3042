package org.fovea.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.fovea.io.Json;

/**
 * The dashboard's HTTP server (the JDK's com.sun.net.httpserver, one virtual thread per exchange, so open
 * event streams never block other requests). Read-only: GET and HEAD only, no request bodies, no CORS
 * headers, a strict Content-Security-Policy, and, when bound to a loopback address, only requests whose Host
 * is a loopback name (a web page elsewhere cannot reach it through DNS rebinding).
 *
 * <p>Routes: {@code /} the page; {@code /static/*} its script and style; {@code /lib/uPlot.*} the charting
 * library from its WebJar; {@code /api/runs} the runs as JSON; {@code /api/runs/NAME/events} a run's events
 * as Server-Sent Events (history first, then live ones); {@code /api/runs/NAME/files/FILE.png} its pictures.
 */
public final class DashboardServer implements AutoCloseable {
    /** Longest request target accepted (longer: 414). */
    static final int MAX_URI = 1024;
    /** Event streams open at once (more: 503). */
    static final int MAX_STREAMS = 32;
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** Everything static the server can send: request path → classpath resource and content type. */
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"org/fovea/dashboard/static/index.html", "text/html; charset=utf-8"},
            "/static/app.js", new String[] {"org/fovea/dashboard/static/app.js", "text/javascript; charset=utf-8"},
            "/static/app.css", new String[] {"org/fovea/dashboard/static/app.css", "text/css; charset=utf-8"},
            "/lib/uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/lib/uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    static {
        // Bounded request headers (the JDK reads these once, before its first server starts).
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) System.setProperty("sun.net.httpserver.maxReqHeaders", "64");
        if (System.getProperty("sun.net.httpserver.maxReqHeaderSize") == null) System.setProperty("sun.net.httpserver.maxReqHeaderSize", "16384");
        if (System.getProperty("jdk.httpserver.maxConnections") == null) System.setProperty("jdk.httpserver.maxConnections", "256");
    }

    private final RunStore store;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final boolean loopback;
    private volatile boolean stopping;

    private DashboardServer(RunStore store, HttpServer server, boolean loopback) {
        this.store = store;
        this.server = server;
        this.loopback = loopback;
    }

    /**
     * Starts serving the store on host:port (port 0 picks a free one). Use "127.0.0.1" unless the dashboard
     * must be reachable from other machines.
     */
    public static DashboardServer start(RunStore store, String host, int port) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 64);
        DashboardServer d = new DashboardServer(store, http, address.isLoopbackAddress());
        http.setExecutor(d.executor);
        http.createContext("/", d::handle);
        http.start();
        return d;
    }

    public int port() { return server.getAddress().getPort(); }

    /** The address to open in a browser. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() || loopback ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    public RunStore store() { return store; }

    /** Stops accepting requests and ends open event streams. */
    @Override
    public void close() {
        stopping = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            var h = x.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            h.set("Content-Security-Policy", CSP);
            String method = x.getRequestMethod();
            String target = x.getRequestURI().getRawPath();
            if (x.getRequestURI().toString().length() > MAX_URI) { error(x, 414, "request target too long"); return; }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                h.set("Allow", "GET, HEAD");
                error(x, 405, "the dashboard is read-only");
                return;
            }
            if (hasBody(x)) { error(x, 413, "requests must not have a body"); return; }
            if (loopback && !loopbackHost(x.getRequestHeaders().getFirst("Host"))) { error(x, 403, "unexpected Host header"); return; }
            route(x, method.equals("HEAD"), target == null ? "" : target);
        } catch (IOException e) {
            // the browser went away (closed tab, reload): nothing to answer
        }
    }

    private void route(HttpExchange x, boolean head, String path) throws IOException {
        // Paths are matched undecoded: names never hold '%', so an encoded '/', '.' or '\' simply matches nothing.
        String[] res = STATIC.get(path);
        if (res != null) { resource(x, head, res[0], res[1]); return; }
        if (path.equals("/favicon.ico")) { send(x, head, 204, "image/x-icon", new byte[0]); return; }
        if (path.equals("/api/runs")) {
            send(x, head, 200, "application/json", Json.write(store.list()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.startsWith("/api/runs/")) {
            String[] parts = path.substring("/api/runs/".length()).split("/", -1);
            if (parts.length == 2 && parts[1].equals("events")) { events(x, head, parts[0]); return; }
            if (parts.length == 3 && parts[1].equals("files")) {
                Path f = store.file(parts[0], parts[2]);
                if (f != null) { send(x, head, 200, "image/png", Files.readAllBytes(f)); return; }
            }
        }
        error(x, 404, "not found");
    }

    /** A run's events as Server-Sent Events: every line from Last-Event-ID on, then new ones until the run completes. */
    private void events(HttpExchange x, boolean head, String name) throws IOException {
        RunLog log = store.log(name);
        if (log == null) { error(x, 404, "no run named " + (RunStore.validName(name) ? name : "like that")); return; }
        if (head) { send(x, true, 200, "text/event-stream", new byte[0]); return; }
        if (!streams.tryAcquire()) { error(x, 503, "too many open event streams"); return; }
        try {
            int next = resumeFrom(x.getRequestHeaders().getFirst("Last-Event-ID"));
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!stopping) {
                List<String> lines = log.await(next, KEEP_ALIVE_MILLIS);
                StringBuilder sb = new StringBuilder();
                for (String line : lines) sb.append("id: ").append(++next).append("\ndata: ").append(line).append("\n\n");
                if (lines.isEmpty() && log.isComplete() && next >= log.size()) {
                    out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                if (lines.isEmpty()) sb.append(": keep-alive\n\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private static int resumeFrom(String lastEventId) {
        if (lastEventId == null || !lastEventId.matches("\\d{1,9}")) return 0;
        return Integer.parseInt(lastEventId);
    }

    private void resource(HttpExchange x, boolean head, String name, String type) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) { error(x, 404, "missing resource " + name); return; }
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            send(x, head, 200, type, in.readAllBytes());
        }
    }

    private static boolean hasBody(HttpExchange x) {
        var h = x.getRequestHeaders();
        String length = h.getFirst("Content-Length");
        return h.containsKey("Transfer-Encoding") || (length != null && !length.strip().equals("0"));
    }

    static boolean loopbackHost(String host) {
        if (host == null) return false;
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return LOOPBACK_NAMES.contains(name);
    }

    private static void send(HttpExchange x, boolean head, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        if (!x.getResponseHeaders().containsKey("Cache-Control")) x.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) x.getResponseBody().write(body);
    }

    private static void error(HttpExchange x, int status, String message) throws IOException {
        send(x, x.getRequestMethod().equals("HEAD"), status, "text/plain; charset=utf-8", (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
