// Reading a YAML file people edit (spec/expectations.yaml) with yaml-cpp,
// without trusting it: the read caps of io/read.h, a nesting cap and a node
// cap checked on the parser's events before any node tree is built, and
// errors blamed on the file, the line and the field:
//   spec/expectations.yaml:87: exhaustive.gate.sites: 65 is outside 1..64
// never on a command-line flag.
//
// Why the caps: yaml-cpp's parser recurses once per nesting level (its own
// guard stops only at 2000 levels, deep enough to matter on a thread's
// stack under AddressSanitizer), and a node costs a few hundred bytes, so a
// 64 MiB file of one-character items would build gigabytes. Aliases are
// not expanded by yaml-cpp (an alias shares its anchor's node), so a
// "billion laughs" document costs no more than its text.
#pragma once

#include "io/read.h"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsmc::io {

struct YamlLimits {
  /// Collections nested deeper than this are refused (the expectations
  /// file nests 3 deep).
  std::size_t max_depth = 32;
  /// Nodes (scalars, collections, aliases) in the document; the
  /// expectations file has about 250. Bounds the tree at tens of MiB.
  std::size_t max_nodes = 100000;
};

/// One parsed YAML document and the file it came from, with readers that
/// check a field and name it in the error. Every error is an InputError
/// whose message starts with "<file>:<line>: " (or "<file>: " when no line
/// is known) and then the field's path.
class YamlDocument {
 public:
  /// Parses `text`; `file` is the name errors carry. A stream with more
  /// than one document is refused (only the first would be read).
  YamlDocument(const std::string& text, std::string file, const YamlLimits& limits = {});
  /// read_input_file(path, read) and parse it.
  static YamlDocument load(const std::string& path, const ReadLimits& read = {}, const YamlLimits& limits = {});

  [[nodiscard]] const YAML::Node& root() const { return root_; }
  [[nodiscard]] const std::string& file() const { return file_; }

  /// Throws InputError "<file>:<line of node>: <field>: <problem>".
  [[noreturn]] void fail(const YAML::Node& node, std::string_view field, std::string_view problem) const;

  /// `parent[key]`, which must be present. `parent` must be a map.
  [[nodiscard]] YAML::Node required(const YAML::Node& parent, std::string_view field, const std::string& key) const;
  /// `parent[key]` or an undefined node when absent. `parent` must be a map.
  [[nodiscard]] YAML::Node optional(const YAML::Node& parent, std::string_view field, const std::string& key) const;
  /// Checks that `node` is a map / a sequence / a scalar (`field` names it).
  void expect_map(const YAML::Node& node, std::string_view field) const;
  void expect_sequence(const YAML::Node& node, std::string_view field) const;
  /// A scalar's text.
  [[nodiscard]] std::string scalar(const YAML::Node& node, std::string_view field) const;
  /// A map key (which YAML allows to be a collection: refused).
  [[nodiscard]] std::string key(const YAML::Node& key_node, std::string_view field) const;
  /// A decimal integer in [lo, hi] ("+5" and "-5" read, "5.0", "0x5", "5k" refused).
  [[nodiscard]] std::int64_t integer(const YAML::Node& node, std::string_view field, std::int64_t lo,
                                     std::int64_t hi) const;
  /// A non-empty sequence of integers, each in [lo, hi]; items named field[i].
  [[nodiscard]] std::vector<std::int64_t> integer_list(const YAML::Node& node, std::string_view field, std::int64_t lo,
                                                       std::int64_t hi) const;

 private:
  std::string file_;
  YAML::Node root_;
};

/// "a.b" with `key` escaped and shortened, for field paths.
std::string yaml_field(std::string_view where, std::string_view key);

}  // namespace smsmc::io
