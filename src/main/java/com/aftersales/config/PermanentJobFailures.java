package com.aftersales.config;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * A job that fails with a {@link PermanentJobFailure} (anywhere in its causes) gets no more retries: the engine
 * records the failure as always (message, stack trace), then sets the job's retries to 0, which makes the incident.
 * Every other failure follows the retry cycle ({@code failedJobRetryTimeCycle}).
 */
@Component
public class PermanentJobFailures extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobCommandFactory((jobId, exception) -> {
            Command<Object> retry = new DefaultJobRetryCmd(jobId, exception);
            if (!permanent(exception)) return retry;
            return context -> {
                retry.execute(context);
                JobEntity job = context.getJobManager().findJobById(jobId);
                if (job != null && job.getRetries() > 0) job.setRetries(0);
                return null;
            };
        });
    }

    static boolean permanent(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PermanentJobFailure) return true;
        }
        return false;
    }
}
