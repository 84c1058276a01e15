// Office documents to text (see office_text.h). The parts are read whole from
// the zip under ZipLimits, parsed with pugixml (which expands no external or
// custom entities) and walked iteratively, so neither a deep nesting nor a
// huge part can exhaust the stack.
//
// Elements are matched by local name (w:t, a:t and m:t are all "t"): writers
// other than Microsoft Office sometimes choose other namespace prefixes.
#include "office_text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <pugixml.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace saraban::ocr {
namespace {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool IsText(const pugi::xml_node& node) {
  return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

// Depth-first walk without recursion. `enter` is called for every node in
// document order and returns whether to descend; `leave` is called for every
// node after its subtree (or right after `enter` when it was not descended).
template <class Enter, class Leave>
void Walk(const pugi::xml_node& root, Enter enter, Leave leave) {
  pugi::xml_node node = root.first_child();
  while (node) {
    if (enter(node) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    leave(node);
    while (!node.next_sibling()) {
      node = node.parent();
      if (!node || node == root) return;
      leave(node);
    }
    node = node.next_sibling();
  }
}

Result<pugi::xml_document> Parse(const std::string& xml, const std::string& part) {
  pugi::xml_document doc;
  // parse_ws_pcdata keeps runs that are only a space (<w:t xml:space=
  // "preserve"> </w:t>), which would otherwise glue two words together.
  const pugi::xml_parse_result parsed = doc.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!parsed) {
    return MakeError(Errc::kCorruption, part + ": " + parsed.description() + " at byte " +
                                            std::to_string(parsed.offset));
  }
  return doc;
}

// WordprocessingML (DOCX) and DrawingML (PPTX, and text boxes in DOCX).
std::string WordOrSlideText(const pugi::xml_node& root) {
  std::string out;
  Walk(
      root,
      [&](const pugi::xml_node& node) {
        if (IsText(node)) {
          if (LocalName(node.parent()) == "t") out += node.value();
          return false;
        }
        const std::string_view name = LocalName(node);
        // mc:Fallback repeats mc:Choice for old readers (text boxes come twice);
        // properties hold tab stops and styles, never text.
        if (name == "Fallback" || name == "pPr" || name == "rPr" || name == "tabs" ||
            name == "tabLst" || name == "instrText" || name == "delText") {
          return false;
        }
        if (name == "tab" && LocalName(node.parent()) == "r") out += '\t';
        if (name == "br" || name == "cr") out += '\n';
        if (name == "noBreakHyphen") out += '-';
        return true;
      },
      [&](const pugi::xml_node& node) {
        if (node.type() == pugi::node_element && LocalName(node) == "p") out += '\n';
      });
  return out;
}

// OpenDocument text: characters sit directly in text:p / text:h and their
// spans, with XML whitespace collapsed as ODF prescribes (text:s, text:tab and
// text:line-break carry the real ones).
std::string OdfText(const pugi::xml_node& root) {
  std::string out;
  int paragraph_depth = 0;
  bool at_paragraph_start = false;
  Walk(
      root,
      [&](const pugi::xml_node& node) {
        if (IsText(node)) {
          if (paragraph_depth == 0) return false;
          for (const char* p = node.value(); *p != '\0'; ++p) {
            const bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
            if (!space) {
              out += *p;
              at_paragraph_start = false;
            } else if (!at_paragraph_start && !out.empty() && out.back() != ' ') {
              out += ' ';
            }
          }
          return false;
        }
        const std::string_view name = LocalName(node);
        if (name == "annotation" || name == "tracked-changes" || name == "note-citation") {
          return false;
        }
        if (name == "p" || name == "h") {
          ++paragraph_depth;
          at_paragraph_start = true;
        } else if (name == "s") {
          const int count = std::clamp(node.attribute("text:c").as_int(1), 1, 1000);
          out.append(static_cast<size_t>(count), ' ');
        } else if (name == "tab") {
          out += '\t';
        } else if (name == "line-break") {
          out += '\n';
        }
        return true;
      },
      [&](const pugi::xml_node& node) {
        if (node.type() != pugi::node_element) return;
        const std::string_view name = LocalName(node);
        if (name == "p" || name == "h") {
          --paragraph_depth;
          out += '\n';
        }
      });
  return out;
}

// The text of a SpreadsheetML rich string (<si> or <is>): its <t> runs,
// without the phonetic guides (<rPh>) that East Asian spreadsheets add.
std::string RichStringText(const pugi::xml_node& item) {
  std::string out;
  Walk(
      item,
      [&](const pugi::xml_node& node) {
        if (IsText(node)) {
          if (LocalName(node.parent()) == "t") out += node.value();
          return false;
        }
        return LocalName(node) != "rPh";
      },
      [](const pugi::xml_node&) {});
  return out;
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == local) return child;
  }
  return {};
}

std::vector<std::string> SharedStrings(const pugi::xml_node& root) {
  std::vector<std::string> strings;
  for (pugi::xml_node si : Child(root, "sst").children()) {
    if (si.type() == pugi::node_element && LocalName(si) == "si") {
      strings.push_back(RichStringText(si));
    }
  }
  return strings;
}

// One line per row, cells separated by tabs. Numbers are kept: a register
// number typed into a cell is worth finding (a date shows as its serial
// number, which is noise but harmless).
std::string SheetText(const pugi::xml_node& root, const std::vector<std::string>& shared) {
  std::string out;
  for (pugi::xml_node row : Child(Child(root, "worksheet"), "sheetData").children()) {
    if (row.type() != pugi::node_element || LocalName(row) != "row") continue;
    std::string line;
    for (pugi::xml_node cell : row.children()) {
      if (cell.type() != pugi::node_element || LocalName(cell) != "c") continue;
      const std::string_view type = cell.attribute("t").value();
      std::string value;
      if (type == "s") {
        const unsigned long index = Child(cell, "v").text().as_ullong(~0ull);
        if (index < shared.size()) value = shared[index];
      } else if (type == "inlineStr") {
        value = RichStringText(Child(cell, "is"));
      } else if (type == "str" || type == "n" || type.empty()) {
        value = Child(cell, "v").text().get();
      }  // booleans and errors carry no words
      if (value.empty()) continue;
      if (!line.empty()) line += '\t';
      line += value;
    }
    if (!line.empty()) out += line + '\n';
  }
  return out;
}

// "xl/worksheets/sheet12.xml" -> 12, so that sheets and slides keep the
// author's order rather than the string order (1, 10, 11, 2, ...).
long PartNumber(const std::string& name) {
  size_t end = name.rfind('.');
  if (end == std::string::npos) end = name.size();
  size_t begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(name[begin - 1]))) --begin;
  if (begin == end || end - begin > 9) return -1;
  return std::stol(name.substr(begin, end - begin));
}

bool Matches(const std::string& name, std::string_view prefix) {
  return name.starts_with(prefix) && name.ends_with(".xml") &&
         name.find('/', prefix.size()) == std::string::npos;
}

bool Wanted(FileKind kind, const std::string& name) {
  switch (kind) {
    case FileKind::kDocx:
      return name == "word/document.xml" || name == "word/footnotes.xml" ||
             name == "word/endnotes.xml" || Matches(name, "word/header") ||
             Matches(name, "word/footer");
    case FileKind::kXlsx:
      return name == "xl/sharedStrings.xml" || Matches(name, "xl/worksheets/sheet");
    case FileKind::kPptx:
      return Matches(name, "ppt/slides/slide");
    case FileKind::kOdt:
      return name == "content.xml";
    default:
      return false;
  }
}

// Parts named prefix<N>.xml, in numeric order.
std::vector<std::string> Numbered(const std::map<std::string, std::string>& parts,
                                  std::string_view prefix) {
  std::vector<std::string> names;
  for (const auto& [name, xml] : parts) {
    if (Matches(name, prefix)) names.push_back(name);
  }
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return PartNumber(a) < PartNumber(b);
  });
  return names;
}

// Blank-line runs left by empty paragraphs are squeezed to one blank line,
// and the text ends without trailing newlines.
std::string Tidy(std::string text) {
  std::string out;
  out.reserve(text.size());
  int newlines = 0;
  for (char c : text) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    out += c;
  }
  const size_t first = out.find_first_not_of('\n');
  if (first == std::string::npos) return "";
  const size_t last = out.find_last_not_of('\n');
  return out.substr(first, last - first + 1);
}

}  // namespace

Result<std::string> TextOfXmlPart(const std::string& xml, FileKind kind) {
  auto doc = Parse(xml, "XML part");
  if (!doc.ok()) return doc.error();
  switch (kind) {
    case FileKind::kDocx:
    case FileKind::kPptx:
      return Tidy(WordOrSlideText(*doc));
    case FileKind::kOdt:
      return Tidy(OdfText(*doc));
    case FileKind::kXlsx:
      return Tidy(SheetText(*doc, {}));
    default:
      return MakeError(Errc::kInternal, "not an office kind");
  }
}

Result<std::string> ExtractOfficeText(const std::string& path, FileKind kind, ZipLimits limits) {
  auto reader = ZipReader::Open(path, limits);
  if (!reader.ok()) return reader.error();
  std::map<std::string, std::string> parts;
  for (;;) {
    auto name = reader->Next();
    if (!name.ok()) return name.error();
    if (!name->has_value()) break;
    if (!Wanted(kind, **name) || parts.contains(**name)) continue;
    auto content = reader->ReadCurrent();
    if (!content.ok()) return content.error();
    parts.emplace(**name, std::move(*content));
  }

  // Parses one part and appends its text; missing optional parts are skipped.
  std::string text;
  auto append = [&](const std::string& name, auto&& to_text) -> Status {
    auto it = parts.find(name);
    if (it == parts.end()) return Status::Ok();
    auto doc = Parse(it->second, path + ": " + name);
    if (!doc.ok()) return doc.error();
    std::string part = Tidy(to_text(*doc));
    if (part.empty()) return Status::Ok();
    if (!text.empty()) text += "\n\n";
    text += part;
    return Status::Ok();
  };
  auto fail_if_missing = [&](const char* name) -> Status {
    if (parts.contains(name)) return Status::Ok();
    return MakeError(Errc::kCorruption, path + ": no " + std::string(name) + " in the document");
  };

  switch (kind) {
    case FileKind::kDocx: {
      if (Status s = fail_if_missing("word/document.xml"); !s.ok()) return s.error();
      // Paper order: letterhead (headers), body, notes, footers.
      std::vector<std::string> order = Numbered(parts, "word/header");
      order.push_back("word/document.xml");
      order.push_back("word/footnotes.xml");
      order.push_back("word/endnotes.xml");
      for (const std::string& footer : Numbered(parts, "word/footer")) order.push_back(footer);
      for (const std::string& name : order) {
        if (Status s = append(name, WordOrSlideText); !s.ok()) return s.error();
      }
      break;
    }
    case FileKind::kPptx:
      for (const std::string& name : Numbered(parts, "ppt/slides/slide")) {
        if (Status s = append(name, WordOrSlideText); !s.ok()) return s.error();
      }
      break;
    case FileKind::kXlsx: {
      std::vector<std::string> shared;
      if (auto it = parts.find("xl/sharedStrings.xml"); it != parts.end()) {
        auto doc = Parse(it->second, path + ": xl/sharedStrings.xml");
        if (!doc.ok()) return doc.error();
        shared = SharedStrings(*doc);
      }
      for (const std::string& name : Numbered(parts, "xl/worksheets/sheet")) {
        Status s =
            append(name, [&](const pugi::xml_node& root) { return SheetText(root, shared); });
        if (!s.ok()) return s.error();
      }
      break;
    }
    case FileKind::kOdt:
      if (Status s = fail_if_missing("content.xml"); !s.ok()) return s.error();
      if (Status s = append("content.xml", OdfText); !s.ok()) return s.error();
      break;
    default:
      return MakeError(Errc::kInternal, "not an office kind");
  }
  return text;
}

}  // namespace saraban::ocr
