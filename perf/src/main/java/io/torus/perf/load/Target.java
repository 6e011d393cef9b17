package io.torus.perf.load;

/** The server a scenario runs against: where it listens, and what its INFO said (e.g. whether JetStream is on). */
public record Target(String name, String host, int port, String infoJson) {
    public String url() {
        return "nats://" + host + ":" + port;
    }

    public boolean jetStreamAdvertised() {
        return infoJson != null && infoJson.replace(" ", "").contains("\"jetstream\":true");
    }
}
