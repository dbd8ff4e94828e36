// The protocol switches: the behaviours a variant changes, read by the guards
// of the machines they change. Each machine's table shows the guarded rows a
// switch selects between (`smsmc describe`). Set by name, so a catalogue
// entry names only what it changes and a new switch touches no entry:
//
//     Switches{}.deferral(ConfigDeferral::while_ubs_installed)
//
// spec/variants.cpp keeps the named catalogue.
#pragma once

namespace smsmc::sm {

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

/// Every switch defaults to the protocol as shipped (SMS 1.2).
class Switches {
 public:
  /// UBS reports "site down" to the parent's HM, and HM sends the site
  /// install package only after that report (HM and UBS read it).
  [[nodiscard]] constexpr bool handshake() const { return handshake_; }
  constexpr Switches handshake(bool on) const {
    Switches out = *this;
    out.handshake_ = on;
    return out;
  }

  /// When the despooler defers a CONFIG mini-job (the despooler reads it).
  [[nodiscard]] constexpr ConfigDeferral deferral() const { return deferral_; }
  constexpr Switches deferral(ConfigDeferral value) const {
    Switches out = *this;
    out.deferral_ = value;
    return out;
  }

  /// What SCM stops first when it executes SHUTDOWN.CT1 (SCM reads it).
  [[nodiscard]] constexpr ShutdownOrder shutdown_order() const { return shutdown_order_; }
  constexpr Switches shutdown_order(ShutdownOrder value) const {
    Switches out = *this;
    out.shutdown_order_ = value;
    return out;
  }

 private:
  bool handshake_ = false;
  ConfigDeferral deferral_ = ConfigDeferral::never;
  ShutdownOrder shutdown_order_ = ShutdownOrder::logon_servers_first;
};

}  // namespace smsmc::sm
