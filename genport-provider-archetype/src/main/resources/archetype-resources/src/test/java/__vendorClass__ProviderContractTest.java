package ${package};

import io.genport.simulators.Endpoint;
import io.genport.simulators.Fault;
import io.genport.simulators.SimResponse;
import io.genport.spi.ProviderConfig;
import io.genport.spi.ProviderFactory;
import io.genport.spitck.ProviderCapability;
import io.genport.spitck.ProviderContractTest;
import io.genport.spitck.ProviderHarness;
import io.genport.spitck.SimulatorHarness;
import io.genport.spitck.VendorOperation;
import io.genport.transport.httpclient5.HttpClient5Transport;
import java.util.Map;
import java.util.Set;

/**
 * GenPort's provider contract kit against the ${vendorClass} provider and its simulator: planning, seeds,
 * splitting, the job life cycle, cancel, every failure class (401, 402, 404, 422, 429, 5xx, resets,
 * malformed answers), content refusals and flags, and that the key goes only to ${vendorClass}'s host.
 */
class ${vendorClass}ProviderContractTest extends ProviderContractTest {
  @Override
  protected ProviderHarness newHarness() {
    return new ${vendorClass}Harness();
  }

  /** The vendor facts the kit needs; everything ${vendorClass} lacks would be listed as missing here. */
  static final class ${vendorClass}Harness extends SimulatorHarness<${vendorClass}Simulator, HttpClient5Transport> {
    static final String KEY = "tck-${vendor}-api-key";

    ${vendorClass}Harness() {
      super(${vendorClass}Simulator.builder().apiKey(KEY).start(), new HttpClient5Transport(), Set.of());
    }

    @Override
    public ProviderFactory factory() {
      return new ${vendorClass}ProviderFactory();
    }

    @Override
    public ProviderConfig config() {
      return simulatorConfig(simulator().apiBaseUri(), simulator().baseUri(${vendorClass}Simulator.API));
    }

    @Override
    public Map<String, String> credentials() {
      return Map.of(${vendorClass}ProviderFactory.CREDENTIAL, KEY);
    }

    @Override
    public String model() {
      return "${vendor}-image-1";
    }

    @Override
    public int maxImagesPerCall() {
      return 4;
    }

    @Override
    public Endpoint endpoint(VendorOperation operation) {
      switch (operation) {
        case SUBMIT:
          return ${vendorClass}Simulator.CREATE;
        case STATUS:
          return ${vendorClass}Simulator.STATUS;
        case CANCEL:
          return ${vendorClass}Simulator.CANCEL;
        default:
          return null; // the status carries the image URLs: no separate result call
      }
    }

    @Override
    public Set<String> vendorHosts() {
      return Set.of(${vendorClass}Simulator.API);
    }

    @Override
    public boolean cancelRecorded(String vendorJobId) {
      return simulator().cancelled(vendorJobId);
    }

    /** ${vendorClass}'s own error shape, for the failure-mapping tests. */
    @Override
    public Fault errorResponse(int status) {
      return Fault.respond(
          SimResponse.json(
              status,
              Map.of("error", Map.of("type", "simulated", "message", "simulated HTTP " + status))));
    }
  }
}
