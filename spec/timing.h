// Timing profiles (spec/timing.yaml): a duration [lo, hi] in seconds for
// every step event of the protocol, by the name the event declares beside
// it in its machine's header (`static constexpr const char* duration`).
// spec/timing.md gives the semantics; spec/timed_model.h turns a profile
// into clocks.
#pragma once

#include "statemachines/registry.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace smsmc::spec {

/// A closed interval of seconds; hi = unbounded: [lo, inf), the step may
/// also never happen.
struct Duration {
  static constexpr std::int64_t unbounded = std::numeric_limits<std::int64_t>::max();
  /// The largest finite bound (the zone engine's constant limit, 2^26 s).
  static constexpr std::int64_t max_seconds = std::int64_t{1} << 26;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  bool operator==(const Duration& other) const { return lo == other.lo && hi == other.hi; }
};

/// "V", "LO..HI" or "LO..inf" (whole seconds, optionally written with
/// thousands separators "172,800"); throws std::invalid_argument naming
/// `what` when malformed, negative, reversed or above max_seconds.
Duration parse_duration(std::string_view text, std::string_view what);
/// "60", "60..300", "3600..inf".
std::string format_duration(const Duration& duration);
/// 1260 -> "1,260".
std::string format_seconds(std::int64_t seconds);

/// One step event that carries a duration name.
struct DurationRow {
  std::string name;      // "scm.stop_logon_server"
  std::string service;   // "site_config_manager"
  std::string event;     // "stop_logon_server"
  std::vector<std::string> rows;  // "StoppingLogonServers --stop_logon_server--> ... [guard]"
};
/// Every step event of every service, in registry order, with its duration
/// name (empty when the event declares none: a test forbids that).
std::vector<DurationRow> duration_rows(const sm::Registry& registry = sm::Registry::protocol());

struct TimingProfile {
  std::string name;
  std::string description;
  std::map<std::string, Duration> values;
  /// Where a value comes from, by duration name (may be empty).
  std::map<std::string, std::string> sources;
  /// `--duration NAME=LO..HI` / `NAME=V`: throws std::invalid_argument for
  /// an unknown name or a bad value.
  void set(const std::string& assignment);
  /// The value, or throws std::invalid_argument for an unknown name.
  [[nodiscard]] const Duration& at(const std::string& name) const;
};

struct TimingCatalog {
  std::string file;
  /// What each duration stands for in SMS 1.2, by name.
  std::map<std::string, std::string> meanings;
  /// "default" first, then the others in file order; every profile holds
  /// every name (those a profile omits come from "default").
  std::vector<TimingProfile> profiles;
  /// Throws std::invalid_argument naming the known profiles.
  [[nodiscard]] const TimingProfile& profile(const std::string& name) const;
};

std::string default_timing_file();
/// Reads and validates spec/timing.yaml (io::YamlDocument: errors name the
/// file, line and field): every name known to the registry, every
/// registry name given a meaning and a default.
TimingCatalog load_timing(const std::string& file = default_timing_file(),
                          const sm::Registry& registry = sm::Registry::protocol());

}  // namespace smsmc::spec
