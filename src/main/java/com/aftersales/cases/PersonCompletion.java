package com.aftersales.cases;

import java.util.Map;
import java.util.Optional;

/**
 * A task completion by a person, as the engine gateway checked it (gateway/EngineGateway): who, which task,
 * and the form fields they submitted. It holds for the request's thread while the engine carries the
 * completion out, so {@link CompletionsOnTimeline} writes it to the case in the same transaction.
 *
 * @param decided the form fields the person chose or entered (options, numbers, dates), in the order sent
 * @param written the free text they wrote (an agent's note), which may quote the buyer
 */
public record PersonCompletion(
        String taskId, String userId, Kind kind, Map<String, Object> decided, Map<String, Object> written) {

    /** complete and submit-form end the task; resolve hands a delegated task back to its owner. */
    public enum Kind {
        COMPLETE,
        RESOLVE
    }

    /** Work that may throw what the servlet chain throws. */
    public interface Work {
        void run() throws Exception;
    }

    private static final ThreadLocal<PersonCompletion> CURRENT = new ThreadLocal<>();

    /** Runs {@code work} (the engine's REST call) with this completion as the current one. */
    public void during(Work work) throws Exception {
        CURRENT.set(this);
        try {
            work.run();
        } finally {
            CURRENT.remove();
        }
    }

    static Optional<PersonCompletion> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
