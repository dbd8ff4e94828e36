#include "spec/variants.h"

namespace smsmc::spec {

const std::vector<Variant>& variants() {
  static const std::vector<Variant> all = {
      {"original", "SMS 1.2 as shipped: HM sends the package right after starting UBS", false,
       ConfigDeferral::never, ShutdownOrder::logon_servers_first},
      {"handshake", "UBS reports site down to HM; HM sends the package only after that", true,
       ConfigDeferral::never, ShutdownOrder::logon_servers_first},
      {"despooler-defers", "the despooler leaves CONFIG mini-jobs in the inbox while a UBS is installed", false,
       ConfigDeferral::while_ubs_installed, ShutdownOrder::logon_servers_first},
      {"defer-after-shutdown-flag", "the despooler defers CONFIG mini-jobs only once SHUTDOWN.CT1 exists", false,
       ConfigDeferral::once_shutdown_requested, ShutdownOrder::logon_servers_first},
      {"despooler-stops-first", "SCM stops the despooler before the logon servers", false, ConfigDeferral::never,
       ShutdownOrder::despooler_first},
  };
  return all;
}

const Variant* find_variant(std::string_view name) {
  for (const Variant& variant : variants()) {
    if (name == variant.name) return &variant;
  }
  return nullptr;
}

}  // namespace smsmc::spec
