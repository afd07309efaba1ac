package alexnet.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says on the driver's log what Spark does about a failure, which its own log (quieted to warnings) tells only
 * in pieces: an executor lost or added, an attempt of the running job's stage failed (then Spark runs all of
 * the barrier stage's tasks again, from the job's start, while it has attempts left).
 */
final class RecoveryLog extends SparkListener {

    private static final Logger log = LoggerFactory.getLogger(RecoveryLog.class);

    /** What the running job does ("epoch 2, steps 40..49"), for the lines about it. */
    private volatile String job = "a job";
    /** The stage attempt last said to have failed: Spark reports a failed barrier stage once per task. */
    private String lastFailure = "";

    void running(String job) {
        this.job = job;
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        log.info("executor {} on {} ({} cores)", added.executorId(), added.executorInfo().executorHost(),
                added.executorInfo().totalCores());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        log.warn("executor {} lost: {}", removed.executorId(), removed.reason());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo stage = completed.stageInfo();
        String attempt = stage.stageId() + "." + stage.attemptNumber();
        if (stage.failureReason().isDefined() && !attempt.equals(lastFailure)) {
            lastFailure = attempt;
            String reason = stage.failureReason().get();
            log.warn("{}: attempt {} of stage {} failed: {}", job, stage.attemptNumber(), stage.stageId(),
                    reason.lines().findFirst().orElse(reason));
        }
    }
}
