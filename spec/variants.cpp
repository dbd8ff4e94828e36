#include "spec/variants.h"

#include <stdexcept>
#include <string>

namespace smsmc::spec {

namespace {
std::deque<Variant>& registry() {
  using sm::ConfigDeferral;
  using sm::ShutdownOrder;
  using sm::Switches;
  static std::deque<Variant> all = {
      {"original", "SMS 1.2 as shipped: HM sends the package right after starting UBS", Switches{}},
      {"handshake", "UBS reports site down to HM; HM sends the package only after that",
       Switches{}.handshake(true)},
      {"despooler-defers", "the despooler leaves CONFIG mini-jobs in the inbox while a UBS is installed",
       Switches{}.deferral(ConfigDeferral::while_ubs_installed)},
      {"defer-after-shutdown-flag", "the despooler defers CONFIG mini-jobs only once SHUTDOWN.CT1 exists",
       Switches{}.deferral(ConfigDeferral::once_shutdown_requested)},
      {"despooler-stops-first", "SCM stops the despooler before the logon servers",
       Switches{}.shutdown_order(ShutdownOrder::despooler_first)},
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
