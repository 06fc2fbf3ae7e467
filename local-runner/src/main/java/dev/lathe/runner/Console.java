package dev.lathe.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where the runner writes: human text to out, problems to err, and in --events mode one JSON object per
 * line on out (the runner protocol, see docs/cli.md). Knows whether out is a terminal, to draw a progress bar
 * in place or print plain lines.
 */
public final class Console {
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private boolean events;

    public Console(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static Console system() {
        java.io.Console c = System.console();
        return new Console(System.out, System.err, c != null && c.isTerminal());
    }

    /**
     * This console with progress and messages sent to err, for commands whose stdout carries a JSON result
     * (--format json).
     */
    public Console quietOut() {
        Console c = new Console(err, err, terminal);
        c.events = events;
        return c;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean isTerminal() {
        return terminal && !events;
    }

    public boolean events() {
        return events;
    }

    void setEvents(boolean events) {
        this.events = events;
    }

    /** A line for people: on out normally, on err in --events mode so out stays pure JSON lines. */
    public void say(String line) {
        (events ? err : out).println(line);
    }

    /** One runner-protocol event, when --events is on. */
    public void event(String name, Map<String, ?> fields) {
        if (!events) {
            return;
        }
        var node = JSON.createObjectNode();
        node.put("event", name);
        node.put("ts", System.currentTimeMillis());
        node.setAll(JSON.<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(fields));
        synchronized (out) {
            out.println(node.toString());
            out.flush();
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
