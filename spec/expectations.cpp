#include "spec/expectations.h"

#include "io/text.h"
#include "io/yaml.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>

namespace smsmc::spec {

const char* outcome_key(Outcome outcome) {
  switch (outcome) {
    case Outcome::holds: return "holds";
    case Outcome::holds_vacuously: return "holds-vacuously";
    case Outcome::violated: return "violated";
    case Outcome::not_found: return "not-found";
    case Outcome::unreachable: return "unreachable";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}

bool outcome_from_key(const std::string& key, Outcome& out) {
  for (Outcome o : {Outcome::holds, Outcome::holds_vacuously, Outcome::violated, Outcome::not_found,
                    Outcome::unreachable}) {
    if (key == outcome_key(o)) {
      out = o;
      return true;
    }
  }
  return false;
}

Outcome Expectations::expected(const std::string& variant, const std::string& property) const {
  const auto v = outcomes.find(variant);
  if (v == outcomes.end()) throw ExpectationError(file + ": no expectations for variant '" + variant + "'");
  const auto p = v->second.find(property);
  if (p == v->second.end())
    throw ExpectationError(file + ": variant '" + variant + "' has no expectation for '" + property + "'");
  return p->second;
}

Outcome Expectations::expected(const std::string& variant, const std::string& property,
                               const sm::SharedParent& parent) const {
  if (parent == sm::SharedParent{}) return expected(variant, property);
  for (const SharedParentExpectation& e : shared_parents) {
    if (e.parent != parent) continue;
    if (const auto v = e.differs.find(variant); v != e.differs.end()) {
      if (const auto p = v->second.find(property); p != v->second.end()) return p->second;
    }
    return expected(variant, property);
  }
  throw ExpectationError(file + ": shared_parent lists no parent with " + describe_parent(parent));
}

const Grid* Expectations::shared_parent_grid(const std::string& profile) const {
  const auto it = shared_parent_grids.find(profile);
  return it == shared_parent_grids.end() ? nullptr : &it->second;
}

const Grid& Expectations::grid(const std::string& profile) const {
  const auto it = exhaustive.find(profile);
  if (it == exhaustive.end()) throw ExpectationError(file + ": no exhaustive profile '" + profile + "'");
  return it->second;
}

std::string default_expectations_file() { return SMSMC_SOURCE_DIR "/spec/expectations.yaml"; }

const ScheduleGrid& Expectations::schedules(const std::string& profile) const {
  const auto it = property_based.find(profile);
  if (it == property_based.end()) throw ExpectationError(file + ": no property_based profile '" + profile + "'");
  return it->second;
}

bool Expectations::expects_race(const std::string& variant) const {
  for (const PropertyInfo& info : property_catalog()) {
    if (info.kind != mc::Expectation::sometimes && info.role == Role::property &&
        info.environment == Environment::unattended && expected(variant, info.name) == Outcome::violated)
      return true;
  }
  return false;
}

namespace {
// Every field goes through io::YamlDocument, so an error names the file, the
// line and the field ("spec/expectations.yaml:87: exhaustive.gate.sites[2]:
// 65 is outside 1..64"), echoes at most a short, escaped piece of the value,
// and a wrong shape never reaches yaml-cpp's own exceptions.
using io::yaml_field;

std::vector<int> int_list(const io::YamlDocument& doc, const YAML::Node& node, const std::string& field, int lo, int hi) {
  std::vector<int> out;
  for (std::int64_t value : doc.integer_list(node, field, lo, hi)) out.push_back(static_cast<int>(value));
  return out;
}

void read_variants(const io::YamlDocument& doc, Expectations& out) {
  const YAML::Node variants_node = doc.required(doc.root(), "", "variants");
  doc.expect_map(variants_node, "variants");
  for (const auto& entry : variants_node) {
    const std::string name = doc.key(entry.first, "variants");
    const std::string where = yaml_field("variants", name);
    if (find_variant(name) == nullptr) doc.fail(entry.first, "variants", "unknown variant " + io::quoted(name));
    doc.expect_map(entry.second, where);
    auto& per_property = out.outcomes[name];
    for (const auto& p : entry.second) {
      const std::string property = doc.key(p.first, where);
      if (find_property(property) == nullptr) doc.fail(p.first, where, "unknown property " + io::quoted(property));
      const std::string field = yaml_field(where, property);
      Outcome outcome{};
      if (!outcome_from_key(doc.scalar(p.second, field), outcome))
        doc.fail(p.second, field,
                 io::quoted(p.second.Scalar()) + " is not one of holds, holds-vacuously, violated, not-found, unreachable");
      per_property[property] = outcome;
    }
    for (const PropertyInfo& info : property_catalog()) {
      if (per_property.count(info.name) == 0) doc.fail(entry.second, where, std::string("lacks property '") + info.name + "'");
    }
  }
  for (const Variant& variant : variants()) {
    if (out.outcomes.count(variant.name) == 0)
      doc.fail(variants_node, "variants", "variant '" + std::string(variant.name) + "' has no expectations");
  }
}

Outcome read_outcome(const io::YamlDocument& doc, const YAML::Node& node, const std::string& field) {
  Outcome outcome{};
  if (!outcome_from_key(doc.scalar(node, field), outcome))
    doc.fail(node, field,
             io::quoted(node.Scalar()) + " is not one of holds, holds-vacuously, violated, not-found, unreachable");
  return outcome;
}

/// A grid of N and M, with the optional bounds of a profile.
Grid read_grid(const io::YamlDocument& doc, const YAML::Node& node, const std::string& where) {
  Grid grid;
  grid.sites = int_list(doc, doc.required(node, where, "sites"), where + ".sites", 1, max_sites);
  grid.logon_servers = int_list(doc, doc.required(node, where, "logon_servers"), where + ".logon_servers", 0,
                                max_logon_servers);
  // A bounded profile: each check stops at these bounds, and the gate
  // fails on what they leave unknown unless the profile allows it.
  if (const YAML::Node n = doc.optional(node, where, "max_states"); n.IsDefined())
    grid.max_states = static_cast<std::uint64_t>(doc.integer(n, where + ".max_states", 0, INT64_MAX));
  if (const YAML::Node n = doc.optional(node, where, "timeout"); n.IsDefined())
    grid.timeout = static_cast<double>(doc.integer(n, where + ".timeout", 0, 86400 * 365));
  if (const YAML::Node n = doc.optional(node, where, "allow_incomplete"); n.IsDefined()) {
    const std::string value = doc.scalar(n, where + ".allow_incomplete");
    if (value != "true" && value != "false")
      doc.fail(n, where + ".allow_incomplete", "must be true or false, not " + io::quoted(value));
    grid.allow_incomplete = value == "true";
  }
  return grid;
}

void read_exhaustive(const io::YamlDocument& doc, Expectations& out) {
  const YAML::Node exhaustive = doc.required(doc.root(), "", "exhaustive");
  doc.expect_map(exhaustive, "exhaustive");
  for (const auto& entry : exhaustive) {
    const std::string profile = doc.key(entry.first, "exhaustive");
    out.exhaustive[profile] = read_grid(doc, entry.second, yaml_field("exhaustive", profile));
  }
}

/// `shared_parent`: `parents`, a list of {hm, sender_slots, differs}, and a
/// grid per profile (every other key).
void read_shared_parent(const io::YamlDocument& doc, Expectations& out) {
  const YAML::Node section = doc.optional(doc.root(), "", "shared_parent");
  if (!section.IsDefined()) return;
  doc.expect_map(section, "shared_parent");
  const YAML::Node parents = doc.required(section, "shared_parent", "parents");
  doc.expect_sequence(parents, "shared_parent.parents");
  for (std::size_t i = 0; i < parents.size(); ++i) {
    const std::string where = "shared_parent.parents[" + std::to_string(i) + "]";
    const YAML::Node entry = parents[i];
    doc.expect_map(entry, where);
    SharedParentExpectation e;
    if (const YAML::Node n = doc.optional(entry, where, "hm"); n.IsDefined()) {
      const std::optional<sm::HmMode> hm = parse_hm_mode(doc.scalar(n, where + ".hm"));
      if (!hm) doc.fail(n, where + ".hm", io::quoted(n.Scalar()) + " is not one-job-per-site or one-at-a-time");
      e.parent.hm = *hm;
    }
    if (const YAML::Node n = doc.optional(entry, where, "sender_slots"); n.IsDefined()) {
      const std::optional<int> slots = parse_sender_slots(doc.scalar(n, where + ".sender_slots"));
      if (!slots)
        doc.fail(n, where + ".sender_slots",
                 io::quoted(n.Scalar()) + " is not unlimited or 1.." + std::to_string(max_sender_slots));
      e.parent.sender_slots = *slots;
    }
    if (e.parent == sm::SharedParent{}) doc.fail(entry, where, "is the default parent, which `variants` covers");
    for (const SharedParentExpectation& other : out.shared_parents) {
      if (other.parent == e.parent) doc.fail(entry, where, "lists " + describe_parent(e.parent) + " twice");
    }
    if (const YAML::Node differs = doc.optional(entry, where, "differs"); differs.IsDefined()) {
      const std::string at = where + ".differs";
      doc.expect_map(differs, at);
      for (const auto& v : differs) {
        const std::string variant = doc.key(v.first, at);
        if (find_variant(variant) == nullptr) doc.fail(v.first, at, "unknown variant " + io::quoted(variant));
        const std::string vat = yaml_field(at, variant);
        doc.expect_map(v.second, vat);
        for (const auto& p : v.second) {
          const std::string property = doc.key(p.first, vat);
          if (find_property(property) == nullptr) doc.fail(p.first, vat, "unknown property " + io::quoted(property));
          e.differs[variant][property] = read_outcome(doc, p.second, yaml_field(vat, property));
        }
      }
    }
    out.shared_parents.push_back(std::move(e));
  }
  for (const auto& entry : section) {
    const std::string profile = doc.key(entry.first, "shared_parent");
    if (profile == "parents") continue;
    out.shared_parent_grids[profile] = read_grid(doc, entry.second, yaml_field("shared_parent", profile));
  }
}

void read_property_based(const io::YamlDocument& doc, Expectations& out) {
  const YAML::Node property_based = doc.optional(doc.root(), "", "property_based");
  if (!property_based.IsDefined()) return;
  doc.expect_map(property_based, "property_based");
  for (const auto& entry : property_based) {
    const std::string profile = doc.key(entry.first, "property_based");
    const std::string where = yaml_field("property_based", profile);
    const YAML::Node sites_node = doc.required(entry.second, where, "sites");
    const YAML::Node logons_node = doc.required(entry.second, where, "logon_servers");
    const std::vector<int> sites = int_list(doc, sites_node, where + ".sites", 1, max_sites);
    const std::vector<int> logons = int_list(doc, logons_node, where + ".logon_servers", 0, max_logon_servers);
    if (sites.size() != 2 || sites[0] > sites[1]) doc.fail(sites_node, where + ".sites", "must be [min, max]");
    if (logons.size() != 2 || logons[0] > logons[1])
      doc.fail(logons_node, where + ".logon_servers", "must be [min, max]");
    ScheduleGrid grid{sites[0], sites[1], logons[0], logons[1], {}, 0};
    const YAML::Node schedulers = doc.required(entry.second, where, "schedulers");
    doc.expect_sequence(schedulers, where + ".schedulers");
    if (schedulers.size() == 0) doc.fail(schedulers, where + ".schedulers", "must be a non-empty list");
    for (std::size_t i = 0; i < schedulers.size(); ++i) {
      const std::string field = where + ".schedulers[" + std::to_string(i) + "]";
      const std::string name = doc.scalar(schedulers[i], field);
      if (name != "uniform" && name != "pct")
        doc.fail(schedulers[i], field, "unknown scheduler " + io::quoted(name) + " (uniform, pct)");
      grid.schedulers.push_back(name);
    }
    grid.runs = static_cast<int>(doc.integer(doc.required(entry.second, where, "runs"), where + ".runs", 1, INT32_MAX));
    out.property_based[profile] = grid;
  }
}

void read_timed(const io::YamlDocument& doc, Expectations& out) {
  const YAML::Node timed = doc.optional(doc.root(), "", "timed");
  if (!timed.IsDefined()) return;
  doc.expect_map(timed, "timed");
  for (const auto& entry : timed) {
    const std::string profile = doc.key(entry.first, "timed");
    const std::string where = yaml_field("timed", profile);
    doc.expect_map(entry.second, where);
    TimedExpectation expectation;
    expectation.sites =
        static_cast<int>(doc.integer(doc.required(entry.second, where, "sites"), where + ".sites", 1, max_sites));
    expectation.max_m = static_cast<int>(
        doc.integer(doc.required(entry.second, where, "max_m"), where + ".max_m", 0, max_logon_servers));
    const YAML::Node thresholds = doc.required(entry.second, where, "thresholds");
    doc.expect_map(thresholds, where + ".thresholds");
    for (const auto& t : thresholds) {
      const std::string variant = doc.key(t.first, where + ".thresholds");
      const std::string field = yaml_field(where + ".thresholds", variant);
      if (find_variant(variant) == nullptr) doc.fail(t.first, where + ".thresholds", "unknown variant " + io::quoted(variant));
      if (t.second.IsScalar() && t.second.Scalar() == "race-free") {
        expectation.thresholds[variant] = std::nullopt;
      } else {
        expectation.thresholds[variant] = static_cast<int>(doc.integer(t.second, field, 0, expectation.max_m));
      }
    }
    out.timed[profile] = expectation;
  }
}

Expectations read(const io::YamlDocument& doc) {
  Expectations out;
  out.file = doc.file();
  doc.expect_map(doc.root(), "");
  read_variants(doc, out);
  read_exhaustive(doc, out);
  read_property_based(doc, out);
  read_timed(doc, out);
  read_shared_parent(doc, out);
  return out;
}
}  // namespace

Expectations parse_expectations(const std::string& text, const std::string& file) {
  try {
    return read(io::YamlDocument(text, file));
  } catch (const io::InputError& e) {
    throw ExpectationError(e.what());
  }
}

Expectations load_expectations(const std::string& file) {
  try {
    return read(io::YamlDocument::load(file));
  } catch (const io::InputError& e) {
    throw ExpectationError(e.what());
  }
}

}  // namespace smsmc::spec
