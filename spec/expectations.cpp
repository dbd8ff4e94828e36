#include "spec/expectations.h"

#include "spec/variants.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

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
std::vector<int> int_list(const YAML::Node& node, const std::string& where, int minimum) {
  if (!node || !node.IsSequence() || node.size() == 0) throw ExpectationError(where + " must be a non-empty list");
  std::vector<int> out;
  for (const YAML::Node& item : node) {
    int value = 0;
    try {
      value = item.as<int>();
    } catch (const YAML::Exception&) {
      throw ExpectationError(where + " must list integers");
    }
    if (value < minimum) throw ExpectationError(where + " has " + std::to_string(value) + ", below " + std::to_string(minimum));
    out.push_back(value);
  }
  return out;
}
}  // namespace

namespace {
Expectations parse_nodes(const std::string& text, const std::string& file);
}  // namespace

Expectations parse_expectations(const std::string& text, const std::string& file) {
  try {
    return parse_nodes(text, file);
  } catch (const YAML::Exception& e) {
    // A document of the wrong shape (a scalar where a map belongs, a word
    // where a number belongs) surfaces as yaml-cpp's own exceptions.
    throw ExpectationError(file + ": " + e.what());
  }
}

namespace {
Expectations parse_nodes(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ExpectationError(file + ": not valid YAML: " + e.what());
  }
  Expectations out;
  out.file = file;
  const YAML::Node variants_node = root["variants"];
  if (!variants_node || !variants_node.IsMap()) throw ExpectationError(file + ": missing map 'variants'");
  for (const auto& entry : variants_node) {
    const std::string name = entry.first.as<std::string>();
    if (find_variant(name) == nullptr) throw ExpectationError(file + ": unknown variant '" + name + "'");
    if (!entry.second.IsMap()) throw ExpectationError(file + ": variants." + name + " must be a map");
    auto& per_property = out.outcomes[name];
    for (const auto& p : entry.second) {
      const std::string property = p.first.as<std::string>();
      if (find_property(property) == nullptr)
        throw ExpectationError(file + ": variants." + name + ": unknown property '" + property + "'");
      Outcome outcome{};
      if (!p.second.IsScalar() || !outcome_from_key(p.second.as<std::string>(), outcome))
        throw ExpectationError(file + ": variants." + name + "." + property +
                               ": expected one of holds, holds-vacuously, violated, not-found, unreachable");
      per_property[property] = outcome;
    }
    for (const PropertyInfo& info : property_catalog()) {
      if (per_property.count(info.name) == 0)
        throw ExpectationError(file + ": variants." + name + " lacks property '" + info.name + "'");
    }
  }
  for (const Variant& variant : variants()) {
    if (out.outcomes.count(variant.name) == 0)
      throw ExpectationError(file + ": variant '" + std::string(variant.name) + "' has no expectations");
  }
  const YAML::Node exhaustive = root["exhaustive"];
  if (!exhaustive || !exhaustive.IsMap()) throw ExpectationError(file + ": missing map 'exhaustive'");
  for (const auto& entry : exhaustive) {
    const std::string profile = entry.first.as<std::string>();
    const std::string where = file + ": exhaustive." + profile;
    out.exhaustive[profile] = {int_list(entry.second["sites"], where + ".sites", 1),
                               int_list(entry.second["logon_servers"], where + ".logon_servers", 0)};
  }
  const YAML::Node property_based = root["property_based"];
  if (property_based) {
    if (!property_based.IsMap()) throw ExpectationError(file + ": 'property_based' must be a map");
    for (const auto& entry : property_based) {
      const std::string profile = entry.first.as<std::string>();
      const std::string where = file + ": property_based." + profile;
      const std::vector<int> sites = int_list(entry.second["sites"], where + ".sites", 1);
      const std::vector<int> logons = int_list(entry.second["logon_servers"], where + ".logon_servers", 0);
      if (sites.size() != 2 || sites[0] > sites[1]) throw ExpectationError(where + ".sites must be [min, max]");
      if (logons.size() != 2 || logons[0] > logons[1])
        throw ExpectationError(where + ".logon_servers must be [min, max]");
      ScheduleGrid grid{sites[0], sites[1], logons[0], logons[1], {}, 0};
      const YAML::Node schedulers = entry.second["schedulers"];
      if (!schedulers || !schedulers.IsSequence() || schedulers.size() == 0)
        throw ExpectationError(where + ".schedulers must be a non-empty list");
      for (const YAML::Node& s : schedulers) {
        const std::string name = s.as<std::string>();
        if (name != "uniform" && name != "pct")
          throw ExpectationError(where + ".schedulers: unknown scheduler '" + name + "' (uniform, pct)");
        grid.schedulers.push_back(name);
      }
      grid.runs = entry.second["runs"] ? entry.second["runs"].as<int>(-1) : -1;
      if (grid.runs < 1) throw ExpectationError(where + ".runs must be a positive integer");
      out.property_based[profile] = grid;
    }
  }
  return out;
}
}  // namespace

Expectations load_expectations(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ExpectationError("cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  return parse_expectations(text.str(), file);
}

}  // namespace smsmc::spec
