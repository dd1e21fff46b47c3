package se.helsingborg.footfall.ingest.envelope;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every envelope shares: its name, its topic filter and the pattern that recognises its topics. */
abstract class TopicEnvelope implements Envelope {
    private final String name;
    private final String title;
    private final String topicFilter;
    private final Pattern topic;

    /** {@code title} is how messages name the envelope for people: "The Things Stack v3". */
    TopicEnvelope(String name, String title, String topicFilter, String topicPattern) {
        this.name = name;
        this.title = title;
        this.topicFilter = topicFilter;
        this.topic = Pattern.compile(topicPattern);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String topicFilter() {
        return topicFilter;
    }

    @Override
    public final boolean matches(String t) {
        return topic.matcher(t).matches();
    }

    /** Every envelope's topic pattern has the device as its second group. */
    @Override
    public final Optional<String> deviceInTopic(String t) {
        Matcher m = topic.matcher(t);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** The topic's parts, or the reason it is not one of this envelope's topics. */
    final Matcher topicParts(String t) throws EnvelopeException {
        Matcher m = topic.matcher(t);
        if (!m.matches()) {
            throw new EnvelopeException("topic " + t + " is not a " + title + " uplink topic");
        }
        return m;
    }
}
