package io.genport.core.application;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A shared cached pool of daemon threads, so the library never keeps a JVM alive. */
final class DaemonExecutor {
  static final ExecutorService INSTANCE =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "genport-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private DaemonExecutor() {}
}
