// The gate's reports: the terminal table, JUnit XML (written with libxml2's
// xmlTextWriter, which does the escaping) and a markdown job summary.
#include "gate/gate.h"

#include <fmt/core.h>
#include <libxml/xmlwriter.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace smsmc::gate {

namespace {

/// Cells of one variant x property x explorer, in matrix order.
struct Row {
  std::string variant;
  std::string property;
  std::string explorer;
  std::vector<const Cell*> cells;

  [[nodiscard]] std::size_t mismatches() const {
    std::size_t n = 0;
    for (const Cell* c : cells) n += c->matches ? 0 : 1;
    return n;
  }
};

std::vector<Row> rows_of(const Result& result) {
  std::vector<Row> rows;
  std::map<std::string, std::size_t> index;
  for (const Cell& cell : result.cells) {
    const std::string key = cell.variant + "\n" + cell.property + "\n" + cell.explorer;
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, rows.size()).first;
      rows.push_back({cell.variant, cell.property, cell.explorer, {}});
    }
    rows[it->second].cells.push_back(&cell);
  }
  return rows;
}

std::string got_summary(const Row& row) {
  if (row.mismatches() == 0) return row.cells.front()->got;
  std::string out;
  for (const Cell* c : row.cells) {
    if (c->matches) continue;
    out += (out.empty() ? "" : "; ") + c->got + " at " + c->configuration;
  }
  return out;
}

struct Totals {
  std::uint64_t states = 0;
  double seconds = 0;
};
Totals totals(const Row& row) {
  Totals t;
  for (const Cell* c : row.cells) {
    t.states += c->states;
    t.seconds += c->seconds;
  }
  return t;
}

const Cell* first_evidence(const Row& row) {
  for (const Cell* c : row.cells) {
    if (!c->matches && c->trace) return c;
  }
  for (const Cell* c : row.cells) {
    if (c->trace) return c;
  }
  return nullptr;
}

}  // namespace

std::string text_table(const Result& result) {
  std::string out = fmt::format("{:<26} {:<22} {:<10} {:<16} {:<28} {:>6} {:>12} {:>8}\n", "variant", "property",
                                "explorer", "expected", "got", "cells", "states/runs", "seconds");
  for (const Row& row : rows_of(result)) {
    const Totals t = totals(row);
    const bool ok = row.mismatches() == 0;
    out += fmt::format("{:<26} {:<22} {:<10} {:<16} {:<28} {:>6} {:>12} {:>8.2f}{}\n", row.variant, row.property,
                       row.explorer, row.cells.front()->expected, got_summary(row), row.cells.size(), t.states,
                       t.seconds, ok ? "" : "   <-- MISMATCH");
  }
  out += fmt::format("\n{} cells, {} mismatches, {:.1f} s: gate {}\n", result.cells.size(), result.mismatches(),
                     result.seconds, result.passed() ? "PASSED" : "FAILED");
  return out;
}

std::string junit_xml(const Result& result) {
  xmlBufferPtr buffer = xmlBufferCreate();
  if (buffer == nullptr) throw std::runtime_error("libxml2: out of memory");
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer_guard(buffer, &xmlBufferFree);
  xmlTextWriterPtr writer = xmlNewTextWriterMemory(buffer, 0);
  if (writer == nullptr) throw std::runtime_error("libxml2: cannot create a writer");
  auto x = [](const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); };
  auto attr = [&](const char* name, const std::string& value) {
    xmlTextWriterWriteAttribute(writer, x(name), x(value));
  };
  xmlTextWriterSetIndent(writer, 1);
  xmlTextWriterStartDocument(writer, nullptr, "UTF-8", nullptr);
  xmlTextWriterStartElement(writer, x("testsuites"));
  attr("name", "smsmc gate");
  attr("tests", std::to_string(result.cells.size()));
  attr("failures", std::to_string(result.mismatches()));
  attr("errors", "0");
  attr("time", fmt::format("{:.3f}", result.seconds));

  std::map<std::string, std::vector<const Cell*>> by_variant;
  std::vector<std::string> order;
  for (const Cell& cell : result.cells) {
    if (by_variant.count(cell.variant) == 0) order.push_back(cell.variant);
    by_variant[cell.variant].push_back(&cell);
  }
  for (const std::string& variant : order) {
    const std::vector<const Cell*>& cells = by_variant[variant];
    std::size_t failures = 0;
    for (const Cell* c : cells) failures += c->matches ? 0 : 1;
    const auto wall = result.variant_seconds.find(variant);
    const double seconds = wall == result.variant_seconds.end() ? 0 : wall->second;
    xmlTextWriterStartElement(writer, x("testsuite"));
    attr("name", variant);
    attr("tests", std::to_string(cells.size()));
    attr("failures", std::to_string(failures));
    attr("errors", "0");
    attr("skipped", "0");
    attr("time", fmt::format("{:.3f}", seconds));
    for (const Cell* c : cells) {
      xmlTextWriterStartElement(writer, x("testcase"));
      attr("classname", "smsmc." + variant + "." + c->explorer);
      attr("name", c->property + " " + c->configuration);
      attr("time", fmt::format("{:.3f}", c->seconds));
      if (!c->matches) {
        xmlTextWriterStartElement(writer, x("failure"));
        attr("message", "expected " + c->expected + ", got " + c->got);
        attr("type", "verdict-mismatch");
        std::string body = c->detail;
        if (!c->trace_file.empty()) body += "\ntrace: " + c->trace_file;
        if (!c->diagram_file.empty()) body += "\ndiagram: " + c->diagram_file;
        xmlTextWriterWriteString(writer, x(body));
        xmlTextWriterEndElement(writer);
      }
      xmlTextWriterStartElement(writer, x("system-out"));
      xmlTextWriterWriteString(writer, x(fmt::format("{} {}: {} states/runs", c->explorer, c->configuration, c->states)));
      xmlTextWriterEndElement(writer);
      xmlTextWriterEndElement(writer);  // testcase
    }
    xmlTextWriterEndElement(writer);  // testsuite
  }
  xmlTextWriterEndDocument(writer);
  xmlFreeTextWriter(writer);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer)));
}

std::string markdown_summary(const Result& result, const Options& options) {
  std::string out = fmt::format("## smsmc gate: {}\n\n", result.passed() ? "passed" : "**FAILED**");
  out += fmt::format("Profile `{}`: {} cells, {} mismatches, {:.1f} s.\n\n", options.profile, result.cells.size(),
                     result.mismatches(), result.seconds);
  out += "| variant | property | explorer | expected | got | cells | states/runs | seconds | counterexample |\n";
  out += "|---|---|---|---|---|---:|---:|---:|---|\n";
  for (const Row& row : rows_of(result)) {
    const Totals t = totals(row);
    const Cell* evidence = first_evidence(row);
    std::string link;
    if (evidence != nullptr && !evidence->diagram_file.empty())
      link = fmt::format("[diagram]({}) ([trace]({}), {})", evidence->diagram_file, evidence->trace_file,
                         evidence->configuration);
    else if (evidence != nullptr && !evidence->trace_file.empty())
      link = fmt::format("[trace]({})", evidence->trace_file);
    const bool ok = row.mismatches() == 0;
    out += fmt::format("| {}{}{} | `{}` | {} | {} | {}{}{} | {} | {} | {:.2f} | {} |\n", ok ? "" : "**", row.variant,
                       ok ? "" : "**", row.property, row.explorer, row.cells.front()->expected, ok ? "" : "**",
                       got_summary(row), ok ? "" : "**", row.cells.size(), t.states, t.seconds, link);
  }
  return out;
}

}  // namespace smsmc::gate
