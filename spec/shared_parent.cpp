#include "spec/shared_parent.h"

#include <charconv>

namespace smsmc::spec {

const char* hm_mode_name(sm::HmMode mode) {
  return mode == sm::HmMode::one_at_a_time ? "one-at-a-time" : "one-job-per-site";
}

std::optional<sm::HmMode> parse_hm_mode(std::string_view text) {
  if (text == "one-job-per-site") return sm::HmMode::one_job_per_site;
  if (text == "one-at-a-time") return sm::HmMode::one_at_a_time;
  return std::nullopt;
}

std::string sender_slots_name(int slots) { return slots == 0 ? "unlimited" : std::to_string(slots); }

std::optional<int> parse_sender_slots(std::string_view text) {
  if (text == "unlimited") return 0;
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1 || value > max_sender_slots) return std::nullopt;
  return value;
}

std::string describe_parent(const sm::SharedParent& parent) {
  std::string out;
  if (parent.one_hm()) out = "one HM at a time";
  if (parent.slots_limited()) {
    if (!out.empty()) out += ", ";
    out += std::to_string(parent.sender_slots) + (parent.sender_slots == 1 ? " sender slot" : " sender slots");
  }
  return out;
}

}  // namespace smsmc::spec
