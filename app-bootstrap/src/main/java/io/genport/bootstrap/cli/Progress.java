package io.genport.bootstrap.cli;

import io.genport.bootstrap.GenportRuntime;
import io.genport.core.domain.ProgressEvent;
import java.io.PrintWriter;

/** Progress of a routed call, one line per event on stderr: what a waiting user wants to see. */
final class Progress {
  private Progress() {}

  /** Prints {@code e}, redacted. */
  static void print(GenportRuntime app, PrintWriter err, ProgressEvent e) {
    String what;
    if (e instanceof ProgressEvent.AttemptStarted) {
      what = "submitted";
    } else if (e instanceof ProgressEvent.Queued q) {
      what = "queued" + (q.position() == null ? "" : " (position " + q.position() + ")");
    } else if (e instanceof ProgressEvent.Running r) {
      what = "running" + (r.logs().isEmpty() ? "" : ": " + String.join(" | ", r.logs()));
    } else if (e instanceof ProgressEvent.Completed c) {
      what = "completed, " + c.images() + (c.images() == 1 ? " image" : " images");
    } else if (e instanceof ProgressEvent.AttemptFailed f) {
      what = "failed (" + f.failureClass() + ")";
    } else if (e instanceof ProgressEvent.AttemptSkipped k) {
      what = "skipped (" + k.failureClass() + "): " + app.redact(k.reason());
    } else if (e instanceof ProgressEvent.RetryScheduled r) {
      what = "retrying in " + r.delay().toMillis() + " ms: " + app.redact(r.reason());
    } else if (e instanceof ProgressEvent.FailingOver f) {
      what = "failing over to " + f.next() + ": " + app.redact(f.reason());
    } else if (e instanceof ProgressEvent.HedgeStarted h) {
      what = "hedging on " + h.hedgedTarget();
    } else if (e instanceof ProgressEvent.PossibleDuplicate d) {
      what = "possible duplicate: " + app.redact(d.reason());
    } else if (e instanceof ProgressEvent.AttemptEnded) {
      return;
    } else {
      what = e.getClass().getSimpleName();
    }
    synchronized (err) {
      err.println("genport: " + e.target() + " call " + (part(e) + 1) + ": " + what);
      err.flush();
    }
  }

  private static int part(ProgressEvent e) {
    if (e instanceof ProgressEvent.AttemptStarted a) {
      return a.part();
    }
    if (e instanceof ProgressEvent.Queued q) {
      return q.part();
    }
    if (e instanceof ProgressEvent.Running r) {
      return r.part();
    }
    if (e instanceof ProgressEvent.Completed c) {
      return c.part();
    }
    if (e instanceof ProgressEvent.AttemptFailed f) {
      return f.part();
    }
    if (e instanceof ProgressEvent.AttemptSkipped k) {
      return k.part();
    }
    if (e instanceof ProgressEvent.RetryScheduled r) {
      return r.part();
    }
    if (e instanceof ProgressEvent.FailingOver f) {
      return f.part();
    }
    if (e instanceof ProgressEvent.HedgeStarted h) {
      return h.part();
    }
    if (e instanceof ProgressEvent.PossibleDuplicate d) {
      return d.part();
    }
    return 0;
  }
}
