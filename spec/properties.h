// Every property the project checks, in one place: the brief's safety and
// liveness properties and the reachability witnesses that keep each of them
// from passing vacuously. Each is a named value with a stateright kind
// (always / sometimes / eventually) and the environment it is checked in.
#pragma once

#include "mc/model.h"
#include "spec/model.h"

#include <string>
#include <vector>

namespace smsmc::spec {

enum class Role {
  property,  // a claim about the protocol; a violation is a finding
  witness,   // "some execution does X": not found means the model is vacuous
  probe,     // like a witness, but not finding it is a legitimate outcome
             // that only qualifies its partner (e.g. no stuck site to recover)
};
const char* role_name(Role role);

struct PropertyInfo {
  const char* name;
  mc::Expectation kind;
  Role role;
  Environment environment;
  const char* partner;  // witness/probe: the property it guards; else ""
  const char* statement;
};

/// The catalogue, in the order reports list it.
const std::vector<PropertyInfo>& property_catalog();
const PropertyInfo* find_property(const std::string& name);

/// The catalogue's properties for the model's environment, with their
/// conditions bound to the model's layout.
std::vector<mc::Property> protocol_properties(const ProtocolModel& model);

}  // namespace smsmc::spec
