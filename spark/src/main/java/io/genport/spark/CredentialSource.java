package io.genport.spark;

import static java.util.Objects.requireNonNull;

import io.genport.spi.Credentials;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the executors find the vendors' credentials. Serializable, since it travels to the
 * executors with the tasks: {@link #environment()} (the default) carries nothing but the choice, so
 * keys stay where the cluster keeps them ({@code spark.executorEnv.FAL_KEY}, a secret mount).
 */
public interface CredentialSource extends Serializable {

  /** The credentials, on an executor. */
  Credentials open();

  /** Each executor's own environment variables ({@code FAL_KEY}, ...). */
  static CredentialSource environment() {
    return new FromEnvironment();
  }

  /**
   * These values, by credential name. They travel inside every task, so use this for made-up keys
   * (simulators) or where task payloads are as well guarded as the keys; never printed.
   */
  static CredentialSource of(Map<String, String> values) {
    return new Fixed(new TreeMap<>(requireNonNull(values, "values is null")));
  }

  /** The executors' environment. */
  record FromEnvironment() implements CredentialSource {
    @Override
    public Credentials open() {
      return Credentials.environment();
    }

    @Override
    public String toString() {
      return "credentials from the executors' environment";
    }
  }

  /**
   * Fixed values.
   *
   * @param values by credential name
   */
  record Fixed(TreeMap<String, String> values) implements CredentialSource {
    public Fixed {
      requireNonNull(values, "values is null");
      values = new TreeMap<>(values);
    }

    @Override
    public Credentials open() {
      return Credentials.fromMap(values);
    }

    /** Names the credentials, never their values. */
    @Override
    public String toString() {
      return "credentials " + values.keySet();
    }
  }
}
