// The protocol variants, selectable by name. A variant is a handful of
// switches that guards in the service machines read; every switch is named
// after the behaviour it changes, and each machine's table shows the guarded
// rows it selects between. spec/variants.md explains how to add one.
#pragma once

#include <deque>
#include <string_view>

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
/// A deque: registering a variant never moves the others, so pointers from
/// find_variant() stay valid.
const std::deque<Variant>& variants();

/// Adds a variant defined outside spec/variants.cpp (tests of the gate define
/// a deliberately broken one). Throws std::invalid_argument if the name is
/// taken. `name` and `summary` must outlive the program (string literals).
const Variant& register_variant(const Variant& variant);

/// nullptr when no variant has that name.
const Variant* find_variant(std::string_view name);

}  // namespace smsmc::spec
