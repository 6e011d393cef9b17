package io.torus.perf.load;

import java.util.ArrayList;
import java.util.List;

/** Turns the scenario names and sizes of the options into the concrete list of cases to run, in a stable order. */
public final class ScenarioCatalog {
    private ScenarioCatalog() {
    }

    /** Throughput scenarios run at every --sizes size; latency and JetStream ones at the --rr-sizes. */
    public static boolean perMessageSize(String scenario) {
        return !scenario.startsWith("reqrep") && !scenario.startsWith("js-") && !scenario.startsWith("jnats-reqrep")
                && !scenario.equals("pubsub-lat");
    }

    public static List<Scenario> build(BenchOptions o) {
        List<Scenario> out = new ArrayList<>();
        for (String s : o.scenarios) {
            for (int size : perMessageSize(s) ? o.sizes : o.rrSizes) {
                long msgs = Math.max(100, Math.min(o.msgs, o.maxBytes / size));
                switch (s) {
                    case "pub":
                        out.add(new PubSubScenario("pub-" + o.pubs + ":0", o.pubs, 0, false, size, msgs, o.windowBytes));
                        break;
                    case "pubsub":
                        out.add(new PubSubScenario("pubsub-1:1", 1, 1, false, size, msgs, o.windowBytes));
                        break;
                    case "fanout":
                        out.add(new PubSubScenario("fanout-1:" + o.fanout, 1, o.fanout, false, size, msgs, o.windowBytes));
                        break;
                    case "queue":
                        out.add(new PubSubScenario("queue-1:" + o.fanout, 1, o.fanout, true, size, msgs, o.windowBytes));
                        break;
                    case "nm":
                        out.add(new PubSubScenario("nm-" + o.pubs + ":" + o.subs, o.pubs, o.subs, false, size, msgs,
                                o.windowBytes));
                        break;
                    case "jnats-pub":
                        out.add(new JnatsPubSubScenario("jnats-pub-" + o.pubs + ":0", o.pubs, 0, false, size, msgs,
                                o.windowBytes));
                        break;
                    case "jnats-pubsub":
                        out.add(new JnatsPubSubScenario("jnats-pubsub-1:1", 1, 1, false, size, msgs, o.windowBytes));
                        break;
                    case "jnats-fanout":
                        out.add(new JnatsPubSubScenario("jnats-fanout-1:" + o.fanout, 1, o.fanout, false, size, msgs,
                                o.windowBytes));
                        break;
                    case "jnats-queue":
                        out.add(new JnatsPubSubScenario("jnats-queue-1:" + o.fanout, 1, o.fanout, true, size, msgs,
                                o.windowBytes));
                        break;
                    case "jnats-nm":
                        out.add(new JnatsPubSubScenario("jnats-nm-" + o.pubs + ":" + o.subs, o.pubs, o.subs, false,
                                size, msgs, o.windowBytes));
                        break;
                    case "reqrep":
                        out.add(new RequestReplyScenario("reqrep-closed-c" + o.clients, size, o.requests, o.clients, 0));
                        break;
                    case "reqrep-rate":
                        for (double rate : o.rates) {
                            out.add(new RequestReplyScenario("reqrep-rate-" + (long) rate + "/s-c" + o.clients, size,
                                    o.requests, o.clients, rate));
                        }
                        break;
                    case "pubsub-lat":
                        for (double rate : o.rates) {
                            out.add(new PubSubLatencyScenario("pubsub-lat-" + (long) rate + "/s", size, o.requests, 1,
                                    rate));
                        }
                        break;
                    case "jnats-reqrep":
                        out.add(new JnatsRequestReplyScenario("jnats-reqrep-closed", size, o.requests, 0));
                        break;
                    case "jnats-reqrep-rate":
                        for (double rate : o.rates) {
                            out.add(new JnatsRequestReplyScenario("jnats-reqrep-rate-" + (long) rate + "/s", size,
                                    o.requests, rate));
                        }
                        break;
                    case "js-pub-sync":
                        out.add(new JetStreamScenario("js-pub-sync", JetStreamScenario.Mode.PUB_SYNC, size, o.jsMsgs,
                                o.jsWindow, o.jsFile));
                        break;
                    case "js-pub-async":
                        out.add(new JetStreamScenario("js-pub-async-w" + o.jsWindow, JetStreamScenario.Mode.PUB_ASYNC,
                                size, o.jsMsgs, o.jsWindow, o.jsFile));
                        break;
                    case "js-fetch":
                        out.add(new JetStreamScenario("js-fetch-b" + o.jsWindow, JetStreamScenario.Mode.FETCH, size,
                                o.jsMsgs, o.jsWindow, o.jsFile));
                        break;
                    case "js-push":
                        out.add(new JetStreamScenario("js-push", JetStreamScenario.Mode.PUSH, size, o.jsMsgs,
                                o.jsWindow, o.jsFile));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown scenario " + s);
                }
            }
        }
        return out;
    }
}
