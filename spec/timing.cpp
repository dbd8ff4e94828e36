#include "spec/timing.h"

#include "io/text.h"
#include "io/yaml.h"

#include <charconv>
#include <set>
#include <stdexcept>

namespace smsmc::spec {

namespace {

std::int64_t parse_seconds(std::string_view text, std::string_view what) {
  std::string digits;
  for (const char c : text) {
    if (c == ',' || c == '_') continue;  // 172,800 and 172_800 read as 172800
    digits += c;
  }
  std::int64_t value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ec != std::errc() || ptr != end || value < 0 || value > Duration::max_seconds)
    throw std::invalid_argument(std::string(what) + ": " + io::quoted(text) + " is not a whole number of seconds in 0.." + std::to_string(Duration::max_seconds));
  return value;
}

}  // namespace

Duration parse_duration(std::string_view text, std::string_view what) {
  const std::size_t dots = text.find("..");
  Duration out;
  if (dots == std::string_view::npos) {
    out.lo = out.hi = parse_seconds(text, what);
    return out;
  }
  out.lo = parse_seconds(text.substr(0, dots), what);
  const std::string_view upper = text.substr(dots + 2);
  out.hi = upper == "inf" ? Duration::unbounded : parse_seconds(upper, what);
  if (out.hi < out.lo)
    throw std::invalid_argument(std::string(what) + ": the interval " + std::string(text) + " is empty (hi < lo)");
  return out;
}

std::string format_duration(const Duration& d) {
  if (d.hi == Duration::unbounded) return std::to_string(d.lo) + "..inf";
  if (d.lo == d.hi) return std::to_string(d.lo);
  return std::to_string(d.lo) + ".." + std::to_string(d.hi);
}

std::string format_seconds(std::int64_t seconds) {
  std::string digits = std::to_string(seconds < 0 ? -seconds : seconds);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (seconds < 0 ? "-" : "") + out;
}

std::vector<DurationRow> duration_rows(const sm::Registry& registry) {
  std::vector<DurationRow> out;
  for (int service = 0; service < registry.size(); ++service) {
    const sm::MachineInfo& info = registry.machine(service);
    for (std::size_t event = 0; event < info.events.size(); ++event) {
      if (!info.events[event].spontaneous) continue;
      DurationRow row;
      row.name = info.events[event].duration != nullptr ? info.events[event].duration : "";
      row.service = info.name;
      row.event = info.events[event].name;
      for (const sm::CompiledRow& r : info.rows) {
        if (r.event != event) continue;
        std::string text = std::string(info.states[r.source]) + " --" + info.events[event].name + "--> " +
                           info.states[r.target];
        if (r.guard_name[0] != '\0') text += std::string(" [") + r.guard_name + "]";
        row.rows.push_back(text);
      }
      out.push_back(row);
    }
  }
  return out;
}

void TimingProfile::set(const std::string& assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    throw std::invalid_argument("--duration " + assignment + ": expected NAME=LO..HI or NAME=V");
  const std::string name = assignment.substr(0, eq);
  auto it = values.find(name);
  if (it == values.end()) throw std::invalid_argument("--duration: unknown duration '" + name + "' (see `smsmc timing`)");
  it->second = parse_duration(assignment.substr(eq + 1), "--duration " + name);
  sources[name] = "--duration";
}

const Duration& TimingProfile::at(const std::string& name) const {
  const auto it = values.find(name);
  if (it == values.end()) throw std::invalid_argument("timing profile '" + this->name + "' has no duration '" + name + "'");
  return it->second;
}

const TimingProfile& TimingCatalog::profile(const std::string& name) const {
  std::string known;
  for (const TimingProfile& p : profiles) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw std::invalid_argument("unknown timing profile '" + name + "' (" + known + ")");
}

std::string default_timing_file() { return SMSMC_SOURCE_DIR "/spec/timing.yaml"; }

TimingCatalog load_timing(const std::string& file, const sm::Registry& registry) {
  const io::YamlDocument doc = io::YamlDocument::load(file);
  TimingCatalog out;
  out.file = file;
  std::set<std::string> names;
  for (const DurationRow& row : duration_rows(registry)) names.insert(row.name);

  const YAML::Node meanings = doc.required(doc.root(), "", "durations");
  doc.expect_map(meanings, "durations");
  for (const auto& entry : meanings) {
    const std::string name = doc.key(entry.first, "durations");
    if (names.count(name) == 0) doc.fail(entry.first, "durations", "no step event declares the duration " + io::quoted(name));
    out.meanings[name] = doc.scalar(entry.second, io::yaml_field("durations", name));
  }
  for (const std::string& name : names) {
    if (out.meanings.count(name) == 0) doc.fail(meanings, "durations", "lacks the meaning of " + io::quoted(name));
  }

  const YAML::Node profiles = doc.required(doc.root(), "", "profiles");
  doc.expect_map(profiles, "profiles");
  const YAML::Node defaults = doc.required(profiles, "profiles", "default");
  auto read_profile = [&](const std::string& name, const YAML::Node& node, const TimingProfile* base) {
    const std::string where = io::yaml_field("profiles", name);
    doc.expect_map(node, where);
    TimingProfile profile;
    if (base != nullptr) profile = *base;
    profile.name = name;
    profile.description = doc.scalar(doc.required(node, where, "description"), where + ".description");
    const YAML::Node values = doc.required(node, where, "values");
    doc.expect_map(values, where + ".values");
    for (const auto& entry : values) {
      const std::string key = doc.key(entry.first, where + ".values");
      const std::string field = io::yaml_field(where + ".values", key);
      if (names.count(key) == 0) doc.fail(entry.first, where + ".values", "unknown duration " + io::quoted(key));
      std::string text;
      std::string source;
      if (entry.second.IsMap()) {
        text = doc.scalar(doc.required(entry.second, field, "value"), field + ".value");
        const YAML::Node from = doc.optional(entry.second, field, "source");
        if (from.IsDefined()) source = doc.scalar(from, field + ".source");
      } else {
        text = doc.scalar(entry.second, field);
      }
      try {
        profile.values[key] = parse_duration(text, field);
      } catch (const std::invalid_argument& e) {
        doc.fail(entry.second, field, e.what());
      }
      profile.sources[key] = source;
    }
    if (base == nullptr) {
      for (const std::string& n : names) {
        if (profile.values.count(n) == 0) doc.fail(values, where + ".values", "the default profile lacks " + io::quoted(n));
      }
    }
    return profile;
  };
  out.profiles.push_back(read_profile("default", defaults, nullptr));
  for (const auto& entry : profiles) {
    const std::string name = doc.key(entry.first, "profiles");
    if (name == "default") continue;
    out.profiles.push_back(read_profile(name, entry.second, &out.profiles.front()));
  }
  return out;
}

}  // namespace smsmc::spec
