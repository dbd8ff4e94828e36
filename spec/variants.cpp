#include "spec/variants.h"

#include <stdexcept>
#include <string>

namespace smsmc::spec {

namespace {
std::deque<Variant>& registry() {
  static std::deque<Variant> all = {
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
}  // namespace

const std::deque<Variant>& variants() { return registry(); }

const Variant& register_variant(const Variant& variant) {
  if (find_variant(variant.name) != nullptr)
    throw std::invalid_argument(std::string("a variant named '") + variant.name + "' already exists");
  registry().push_back(variant);
  return registry().back();
}

const Variant* find_variant(std::string_view name) {
  for (const Variant& variant : variants()) {
    if (name == variant.name) return &variant;
  }
  return nullptr;
}

}  // namespace smsmc::spec
