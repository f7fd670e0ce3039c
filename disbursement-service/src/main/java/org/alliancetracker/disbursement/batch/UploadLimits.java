package org.alliancetracker.disbursement.batch;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The bounds of one upload, and the 413 {@code payload-too-large} problem when an upload exceeds them.
 *
 * @param maxLines  most records (lines; CSV records after the header) one upload may have
 * @param maxBytes  most bytes one upload may have
 * @param endpoint  what the problem names as the endpoint
 * @param larger    what to use instead for a larger upload (null: nothing)
 */
record UploadLimits(long maxLines, long maxBytes, String endpoint, String larger) {

    ApiProblem tooLarge(long lines, long bytes) {
        String what = bytes > maxBytes ? "more than " + maxBytes + " bytes" : lines + " lines";
        ApiProblem problem = new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Upload too large",
                "The upload has " + what + "; " + endpoint + " takes at most " + maxLines + " lines and " + maxBytes
                        + " bytes" + (larger == null ? "" : ": send larger uploads as a batch job, POST " + larger))
                .with("maxLines", maxLines).with("maxBytes", maxBytes);
        return larger == null ? problem : problem.with("batchJobs", larger);
    }
}
