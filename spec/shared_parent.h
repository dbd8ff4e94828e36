// The shared parent's parameters by name (spec/shared-parent.md): how the
// command line, traces, expectations and reports spell `--hm` and
// `--sender-slots`, in one place.
#pragma once

#include "statemachines/traits.h"

#include <optional>
#include <string>
#include <string_view>

namespace smsmc::spec {

/// The most sender slots a model takes: more slots than sites never fill,
/// and each slot is an actor.
inline constexpr int max_sender_slots = 64;

/// "one-job-per-site" or "one-at-a-time".
const char* hm_mode_name(sm::HmMode mode);
/// nullopt for any other spelling.
std::optional<sm::HmMode> parse_hm_mode(std::string_view text);

/// "unlimited" for 0, else the number.
std::string sender_slots_name(int slots);
/// "unlimited" is 0; otherwise a whole number 1..max_sender_slots; nullopt
/// for anything else (0 included: "no slot" would send nothing).
std::optional<int> parse_sender_slots(std::string_view text);

/// One line for reports: "" for the default parent, else e.g. "one HM at a
/// time, 2 sender slots".
std::string describe_parent(const sm::SharedParent& parent);

}  // namespace smsmc::spec
