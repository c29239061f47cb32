package dev.nl2sql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * When {@code serve --stdio} cannot start (its configuration is invalid), answers the MCP client's {@code initialize}
 * with an error that carries the problems, if the client has already sent one: clients show that error, where a
 * process that just exits reads as "Connection closed". The problems also go to stderr, and the process exits non-zero.
 */
final class StdioRefusal {

    /** JSON-RPC's range for server errors; the problems travel in {@code data}. */
    static final int SERVER_ERROR = -32000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST = 1 << 20;

    private StdioRefusal() {}

    /**
     * Reads the first line of {@code stdin} if it is already there and answers it on {@code stdout} when it is an
     * {@code initialize} request. {@return whether a request was answered}
     */
    static boolean answer(InputStream stdin, PrintWriter stdout, List<String> problems) {
        try {
            int waiting = Math.min(stdin.available(), MAX_REQUEST);
            if (waiting <= 0) {
                return false; // never wait: a client that has not spoken yet learns it from the exit
            }
            String text = new String(stdin.readNBytes(waiting), StandardCharsets.UTF_8); // what is there, without blocking
            int newline = text.indexOf('\n');
            if (newline < 0) {
                return false;
            }
            JsonNode request = JSON.readTree(text.substring(0, newline));
            if (request == null || !"initialize".equals(request.path("method").asText()) || !request.hasNonNull("id")) {
                return false;
            }
            refuse(request, stdout, problems);
            return true;
        } catch (IOException e) {
            return false; // not JSON, or stdin already gone: stderr and the exit code still say it
        }
    }

    /**
     * Answers every request among {@code lines} (what a session begun early read and did not answer) with the error: the
     * client may have been answered {@code initialize} from the last start's snapshot and now waits on any of them.
     * {@return how many were answered}
     */
    static int answerAll(List<String> lines, PrintWriter stdout, List<String> problems) {
        int answered = 0;
        for (String line : lines) {
            try {
                JsonNode request = JSON.readTree(line);
                if (request != null && request.path("method").isTextual() && request.hasNonNull("id")) {
                    refuse(request, stdout, problems);
                    answered++;
                }
            } catch (IOException e) {
                // not JSON: nothing to answer it with
            }
        }
        return answered;
    }

    private static void refuse(JsonNode request, PrintWriter stdout, List<String> problems) throws IOException {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        ObjectNode error = response.putObject("error").put("code", SERVER_ERROR)
                .put("message", "nl2sql cannot start: CONFIG_INVALID: " + String.join("; ", problems));
        error.putObject("data").put("code", "CONFIG_INVALID").set("problems", JSON.valueToTree(problems));
        stdout.println(JSON.writeValueAsString(response));
        stdout.flush();
    }
}
