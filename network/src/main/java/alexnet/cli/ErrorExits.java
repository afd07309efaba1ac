package alexnet.cli;

import alexnet.data.DatasetException;
import alexnet.net.train.DivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How the project's command lines end on an error: a bad input (missing folder, corrupt checkpoint, wrong
 * value) is one line and exit code 2, a diverged run exit code 3, a failed device or worker exit code 4;
 * anything else is a bug and keeps its stack trace (exit code 1).
 *
 * @param program  the name the lines begin with
 * @param failures the exceptions of a device or worker that failed (exit code 4)
 */
public record ErrorExits(String program, List<Class<? extends Exception>> failures)
        implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (error instanceof DivergedException) {
            commandLine.getErr().println(program + ": training diverged: " + error.getMessage());
            return 3;
        }
        if (failures.stream().anyMatch(failure -> failure.isInstance(error))) {
            commandLine.getErr().println(program + ": " + error.getMessage());
            return 4;
        }
        if (error instanceof IllegalArgumentException || error instanceof DatasetException
                || error instanceof IOException || error instanceof UncheckedIOException) {
            commandLine.getErr().println(program + ": " + error.getMessage());
            return 2;
        }
        throw error;
    }
}
