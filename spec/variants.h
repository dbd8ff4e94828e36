// The protocol variants, selectable by name. A variant is a handful of
// switches that guards in the service machines read; every switch is named
// after the behaviour it changes, and each machine's table shows the guarded
// rows it selects between. spec/variants.md explains how to add one.
#pragma once

#include <string_view>
#include <vector>

namespace smsmc::spec {

/// When the despooler leaves a CONFIG mini-job untouched in its inbox.
enum class ConfigDeferral {
  never,                    // original: it executes every instruction
  while_ubs_installed,      // despooler-defers
  once_shutdown_requested,  // defer-after-shutdown-flag
};

/// The order in which Site Configuration Manager executes SHUTDOWN.CT1.
enum class ShutdownOrder {
  logon_servers_first,  // original: logon servers, then the despooler
  despooler_first,      // despooler-stops-first
};

struct Variant {
  const char* name;
  const char* summary;
  /// UBS reports "site down" to the parent's HM, and HM sends the site
  /// install package only after that report.
  bool handshake = false;
  ConfigDeferral deferral = ConfigDeferral::never;
  ShutdownOrder shutdown_order = ShutdownOrder::logon_servers_first;
};

/// Every named variant, `original` first.
const std::vector<Variant>& variants();

/// nullptr when no variant has that name.
const Variant* find_variant(std::string_view name);

}  // namespace smsmc::spec
