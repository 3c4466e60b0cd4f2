package io.genport.spark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop {@link Configuration} that travels with the tasks, so executors reach the file system
 * with the driver's settings (the S3A endpoint, HDFS name node). It may hold file system secrets,
 * as Spark's own copy does; it is never printed.
 */
final class HadoopConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  HadoopConfiguration(Configuration conf) {
    this.conf = new Configuration(requireNonNull(conf, "conf is null"));
  }

  Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }

  @Override
  public String toString() {
    return "HadoopConfiguration";
  }
}
