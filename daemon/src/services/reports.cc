#include "services/reports.h"

#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/crypto.h"
#include "services/authz.h"
#include "services/letters.h"

namespace saraban::services {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;

// ---- Calendar words ----

constexpr std::array<std::string_view, 12> kThaiMonths = {
    "มกราคม",  "กุมภาพันธ์", "มีนาคม",  "เมษายน", "พฤษภาคม",  "มิถุนายน",
    "กรกฎาคม", "สิงหาคม",  "กันยายน", "ตุลาคม",  "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<std::string_view, 12> kLaoMonths = {"ມັງກອນ",  "ກຸມພາ", "ມີນາ",   "ເມສາ",
                                                         "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ",
                                                         "ກັນຍາ",   "ຕຸລາ",  "ພະຈິກ",  "ທັນວາ"};
constexpr std::array<std::string_view, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// Thai documents write years in the Buddhist Era; Lao and English ones in CE.
int YearIn(int ce_year, ReportLanguage lang) {
  return DisplayYear(ce_year, lang == ReportLanguage::kThai ? Era::kBuddhist : Era::kCommon);
}

// The words of the printed register in one language.
struct Words {
  std::string_view html_lang;
  std::string_view unit, date;
  std::string_view number_received, number, document_no, document_date, subject, from, received,
      signature, remarks;
  std::string_view cancelled, restricted, total, entries, none, printed, by;
};

const Words& WordsOf(ReportLanguage lang) {
  static const Words kThai = {.html_lang = "th",
                              .unit = "หน่วยงาน",
                              .date = "ประจำวันที่",
                              .number_received = "เลขทะเบียนรับ",
                              .number = "เลขทะเบียน",
                              .document_no = "ที่",
                              .document_date = "ลงวันที่",
                              .subject = "เรื่อง",
                              .from = "จาก",
                              .received = "เวลารับ",
                              .signature = "ลงชื่อผู้รับ",
                              .remarks = "หมายเหตุ",
                              .cancelled = "ยกเลิก",
                              .restricted = "ชั้นความลับ ไม่แสดงรายละเอียด",
                              .total = "รวม",
                              .entries = "รายการ",
                              .none = "ไม่มีรายการ",
                              .printed = "พิมพ์เมื่อ",
                              .by = "โดย"};
  static const Words kLao = {.html_lang = "lo",
                             .unit = "ພາກສ່ວນ",
                             .date = "ປະຈຳວັນທີ",
                             .number_received = "ເລກທະບຽນຮັບ",
                             .number = "ເລກທະບຽນ",
                             .document_no = "ເລກທີ",
                             .document_date = "ລົງວັນທີ",
                             .subject = "ເລື່ອງ",
                             .from = "ຈາກ",
                             .received = "ເວລາຮັບ",
                             .signature = "ລາຍເຊັນຜູ້ຮັບ",
                             .remarks = "ໝາຍເຫດ",
                             .cancelled = "ຍົກເລີກ",
                             .restricted = "ເອກະສານລັບ ບໍ່ສະແດງລາຍລະອຽດ",
                             .total = "ລວມ",
                             .entries = "ລາຍການ",
                             .none = "ບໍ່ມີລາຍການ",
                             .printed = "ພິມວັນທີ",
                             .by = "ໂດຍ"};
  static const Words kEnglish = {.html_lang = "en",
                                 .unit = "Unit",
                                 .date = "Date",
                                 .number_received = "Receive no.",
                                 .number = "Register no.",
                                 .document_no = "Document no.",
                                 .document_date = "Document date",
                                 .subject = "Subject",
                                 .from = "From",
                                 .received = "Received",
                                 .signature = "Signature of recipient",
                                 .remarks = "Remarks",
                                 .cancelled = "Cancelled",
                                 .restricted = "Restricted: content not shown",
                                 .total = "Total",
                                 .entries = "entries",
                                 .none = "No entries",
                                 .printed = "Printed",
                                 .by = "by"};
  switch (lang) {
    case ReportLanguage::kThai:
      return kThai;
    case ReportLanguage::kLao:
      return kLao;
    case ReportLanguage::kEnglish:
      break;
  }
  return kEnglish;
}

// The first non-empty of the names, the language's own first.
const std::string& NameIn(ReportLanguage lang, const std::string& lo, const std::string& th,
                          const std::string& en, const std::string& fallback) {
  std::array<const std::string*, 3> order = {&en, &lo, &th};
  if (lang == ReportLanguage::kThai) order = {&th, &lo, &en};
  if (lang == ReportLanguage::kLao) order = {&lo, &th, &en};
  for (const std::string* name : order) {
    if (!name->empty()) return *name;
  }
  return fallback;
}

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// "09:31" local time.
std::string LocalClock(int64_t millis, int utc_offset_minutes) {
  const int64_t local = millis + int64_t{utc_offset_minutes} * 60'000;
  int64_t in_day = local % kMillisPerDay;
  if (in_day < 0) in_day += kMillisPerDay;
  const int minutes = static_cast<int>(in_day / 60'000);
  return TwoDigits(minutes / 60) + ":" + TwoDigits(minutes % 60);
}

std::string ShortDateOf(const CivilDate& d, ReportLanguage lang) {
  return TwoDigits(d.day) + "/" + TwoDigits(d.month) + "/" + std::to_string(YearIn(d.year, lang));
}

// When the paper arrived: the received time, else the registration time; the
// date too when it is not the register's day.
std::string ReceivedCell(const DailyLine& line, const CivilDate& day, int utc_offset_minutes,
                         ReportLanguage lang) {
  int64_t at = line.entry.at;
  if (line.letter && line.letter->received_at != 0) at = line.letter->received_at;
  const std::string clock = LocalClock(at, utc_offset_minutes);
  const CivilDate date = LocalDate(at, utc_offset_minutes);
  return date == day ? clock : ShortDateOf(date, lang) + " " + clock;
}

std::string RemarksCell(const DailyLine& line, const Words& w) {
  std::string out;
  if (line.entry.cancelled) out = std::string(w.cancelled);
  if (!line.letter) out += (out.empty() ? "" : "; ") + std::string(w.restricted);
  return out;
}

std::string_view NumberTitle(const DailyRegister& reg, const Words& w) {
  return reg.book.code == "receive" ? w.number_received : w.number;
}

// ---- Statistics ----

using RowKey = std::tuple<std::string, uint64_t, std::string>;  // bucket, unit, book

bool Counts(const store::Letter& l) {
  return l.register_no != 0 && l.registered_at != 0 && l.status != LetterStatus::kCancelled;
}

}  // namespace

// ---- Helpers ----

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string CsvCell(std::string_view s, bool text) {
  std::string value(s);
  if (text && !value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string::npos) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// ---- Statistics ----

std::optional<StatsPeriod> ParseStatsPeriod(std::string_view s) {
  if (s == "day") return StatsPeriod::kDay;
  if (s == "week") return StatsPeriod::kWeek;
  if (s == "month") return StatsPeriod::kMonth;
  if (s == "year") return StatsPeriod::kYear;
  return std::nullopt;
}

std::string_view StatsPeriodName(StatsPeriod p) {
  switch (p) {
    case StatsPeriod::kDay:
      return "day";
    case StatsPeriod::kWeek:
      return "week";
    case StatsPeriod::kMonth:
      return "month";
    case StatsPeriod::kYear:
      break;
  }
  return "year";
}

std::string BucketOf(const CivilDate& d, StatsPeriod p) {
  char buf[16];
  switch (p) {
    case StatsPeriod::kDay:
      return FormatIsoDate(d);
    case StatsPeriod::kWeek: {
      // ISO 8601: weeks start on Monday; a week belongs to the year of its
      // Thursday. 1970-01-01 was a Thursday.
      const int64_t days = DaysFromCivil(d);
      const int64_t weekday = ((days + 3) % 7 + 7) % 7;  // Monday 0 .. Sunday 6
      const int64_t thursday = days - weekday + 3;
      const int iso_year = CivilFromDays(thursday).year;
      const int64_t week = (thursday - DaysFromCivil(CivilDate{iso_year, 1, 1})) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04d-W%02d", iso_year, static_cast<int>(week));
      return buf;
    }
    case StatsPeriod::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
      return buf;
    case StatsPeriod::kYear:
      break;
  }
  std::snprintf(buf, sizeof buf, "%04d", d.year);
  return buf;
}

Result<Statistics> BuildStatistics(store::Store& store, const store::User& user,
                                   const StatsQuery& q) {
  if (q.from > q.to) {
    return MakeError(Errc::kInvalidArgument, "'from' is after 'to'",
                     "give from and to as YYYY-MM-DD with from <= to");
  }
  return store.Read([&](const store::ReadTxn& txn) -> Result<Statistics> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto units = txn.ListUnits();
    if (!units) return units.error();
    std::map<uint64_t, std::string> codes;
    for (const auto& u : *units) codes[u.id] = u.code;
    if (q.unit_id && (!codes.count(*q.unit_id) || !scope->HasUnit(*q.unit_id))) {
      return MakeError(Errc::kNotFound, "no unit " + std::to_string(*q.unit_id) + " of yours",
                       "GET /api/v1/session shows your units");
    }
    if (q.book) {
      auto book = txn.GetBook(*q.book);
      if (!book) return book.error();
      if (!*book) {
        return MakeError(Errc::kInvalidArgument, "no book type '" + *q.book + "'",
                         "GET /api/v1/books lists the book types");
      }
    }

    std::map<RowKey, StatsRow> rows;
    auto visit = [&](const store::Letter& l) {
      if (!CanSeeLetter(*scope, l) || !Counts(l)) return true;
      if ((q.unit_id && l.unit_id != *q.unit_id) || (q.book && l.book != *q.book) ||
          (q.direction && l.direction != *q.direction)) {
        return true;
      }
      const CivilDate day = LocalDate(l.registered_at, settings->utc_offset_minutes);
      if (day < q.from || day > q.to) return true;
      std::string bucket = BucketOf(day, q.period);
      StatsRow& row = rows[RowKey{bucket, l.unit_id, l.book}];
      if (row.bucket.empty()) {
        row.bucket = std::move(bucket);
        row.unit_id = l.unit_id;
        row.unit_code = codes.count(l.unit_id) ? codes[l.unit_id] : "";
        row.book = l.book;
      }
      switch (l.direction) {
        case Direction::kIncoming:
          ++row.incoming;
          break;
        case Direction::kOutgoing:
          ++row.outgoing;
          break;
        case Direction::kInternal:
          ++row.internal;
          break;
      }
      return true;
    };
    if (scope->whole_office && !q.unit_id) {
      if (Status s = txn.ForEachLetter(visit); !s) return s.error();
    } else {
      std::set<uint64_t> walk;
      if (q.unit_id) {
        walk.insert(*q.unit_id);
      } else {
        walk = scope->units;
      }
      for (uint64_t unit : walk) {
        auto ids = txn.LetterIdsOfUnit(unit);
        if (!ids) return ids.error();
        for (uint64_t id : *ids) {
          auto letter = txn.GetLetter(id);
          if (!letter) return letter.error();
          if (*letter) visit(**letter);
        }
      }
    }
    Statistics out{q.period, q.from, q.to, {}};
    out.rows.reserve(rows.size());
    for (auto& [key, row] : rows) out.rows.push_back(std::move(row));
    return out;
  });
}

std::string StatisticsCsv(const Statistics& stats) {
  std::string out = "\xEF\xBB\xBF";  // byte-order mark: Excel then reads UTF-8
  out += "bucket,unit_id,unit_code,book,incoming,outgoing,internal,total\r\n";
  for (const StatsRow& r : stats.rows) {
    out += CsvCell(r.bucket) + "," + std::to_string(r.unit_id) + "," + CsvCell(r.unit_code) + "," +
           CsvCell(r.book) + "," + std::to_string(r.incoming) + "," + std::to_string(r.outgoing) +
           "," + std::to_string(r.internal) + "," + std::to_string(r.total()) + "\r\n";
  }
  return out;
}

// ---- Daily register ----

Result<DailyRegister> BuildDailyRegister(store::Store& store, const store::User& user,
                                         uint64_t unit_id, const std::string& book,
                                         const CivilDate& date) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<DailyRegister> {
    auto scope = ScopeOf(txn, user);
    if (!scope) return scope.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto unit = UnitInScope(txn, *scope, unit_id);
    if (!unit) return unit.error();
    auto book_type = txn.GetBook(book);
    if (!book_type) return book_type.error();
    if (!*book_type) {
      return MakeError(Errc::kNotFound, "no book type '" + book + "'",
                       "GET /api/v1/books lists the book types");
    }
    DailyRegister reg{*unit, **book_type, date, {}};
    const std::set<int> years = {RegisterYear(date, YearBasis::kCalendar),
                                 RegisterYear(date, YearBasis::kThaiFiscal)};
    for (int year : years) {
      auto entries = txn.ListRegister(unit_id, book, year);
      if (!entries) return entries.error();
      for (const auto& e : *entries) {
        if (LocalDate(e.at, settings->utc_offset_minutes) != date) continue;
        DailyLine line{e,
                       FormatRegisterNumber(reg.book.number_format, e.number, e.year, settings->era,
                                            reg.unit.code),
                       std::nullopt};
        auto letter = VisibleLetter(txn, *scope, e.letter_id);
        if (letter) {
          line.letter = std::move(*letter);
        } else if (letter.error().code != Errc::kNotFound) {
          return letter.error();
        }
        reg.lines.push_back(std::move(line));
      }
    }
    return reg;
  });
}

std::optional<ReportLanguage> ParseReportLanguage(std::string_view s) {
  if (s == "lo") return ReportLanguage::kLao;
  if (s == "th") return ReportLanguage::kThai;
  if (s == "en") return ReportLanguage::kEnglish;
  return std::nullopt;
}

std::string LongDate(const CivilDate& d, ReportLanguage lang) {
  const size_t m = static_cast<size_t>(d.month - 1) % 12;
  const std::string day = std::to_string(d.day);
  const std::string year = std::to_string(YearIn(d.year, lang));
  switch (lang) {
    case ReportLanguage::kThai:
      return day + " " + std::string(kThaiMonths[m]) + " พ.ศ. " + year;
    case ReportLanguage::kLao:
      return day + " " + std::string(kLaoMonths[m]) + " " + year;
    case ReportLanguage::kEnglish:
      break;
  }
  return day + " " + std::string(kEnglishMonths[m]) + " " + year;
}

std::string ShortDate(std::string_view iso_date, ReportLanguage lang) {
  auto d = ParseIsoDate(iso_date);
  return d ? ShortDateOf(*d, lang) : "";
}

const std::string_view kDailyRegisterCss = R"css(
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { margin: 0; font-size: 11pt; line-height: 1.35;
  font-family: "Noto Sans Thai", "Noto Sans Lao", "Phetsarath OT", "Saysettha OT",
    "TH Sarabun New", "Leelawadee UI", "Leelawadee", sans-serif; }
@media screen { body { max-width: 297mm; margin: 8mm auto; padding: 0 8mm; } }
header { text-align: center; margin-bottom: 4mm; }
header h1 { font-size: 15pt; margin: 0 0 1mm; }
header h2 { font-size: 13pt; margin: 0 0 2mm; }
header p { margin: 0.5mm 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.3mm solid #000; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
th { text-align: center; background: #e8e8e8; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }
td.sign { height: 12mm; }
td.none { text-align: center; padding: 4mm; }
tr.cancelled td, tr.restricted td { color: #444; }
td.remarks { font-style: italic; }
col.no { width: 10%; } col.docno { width: 12%; } col.docdate { width: 9%; }
col.subject { width: 27%; } col.from { width: 15%; } col.received { width: 7%; }
col.sign { width: 12%; } col.remarks { width: 8%; }
footer { margin-top: 3mm; font-size: 9pt; display: flex; justify-content: space-between; }
)css";

std::string DailyRegisterCsp() {
  static const std::string kPolicy = "default-src 'none'; style-src 'sha256-" +
                                     Base64(Sha256(kDailyRegisterCss)) +
                                     "'; base-uri 'none'; form-action 'none'; frame-ancestors "
                                     "'none'";
  return kPolicy;
}

std::string DailyRegisterHtml(const DailyRegister& reg, const OfficeSettings& settings,
                              ReportLanguage lang, const PrintInfo& printed) {
  const Words& w = WordsOf(lang);
  const std::string& unit_name =
      NameIn(lang, reg.unit.name_lo, reg.unit.name_th, reg.unit.name_en, reg.unit.code);
  const std::string& book_name =
      NameIn(lang, reg.book.name_lo, reg.book.name_th, reg.book.name_en, reg.book.code);
  const std::string date = LongDate(reg.date, lang);
  auto e = [](std::string_view s) { return HtmlEscape(s); };

  std::string h;
  h.reserve(8192 + reg.lines.size() * 512);
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(w.html_lang) + "\">\n<head>\n";
  h += "<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + e(book_name) + " " + e(date) + "</title>\n";
  h += "<style>" + std::string(kDailyRegisterCss) + "</style>\n</head>\n<body>\n";
  h += "<header>\n";
  if (!settings.office_name.empty()) h += "<h1>" + e(settings.office_name) + "</h1>\n";
  h += "<h2>" + e(book_name) + "</h2>\n";
  h += "<p>" + e(w.unit) + ": " + e(unit_name) + " (" + e(reg.unit.code) + ")</p>\n";
  h += "<p>" + e(w.date) + " " + e(date) + "</p>\n";
  h += "</header>\n<table>\n<colgroup>";
  for (const char* c :
       {"no", "docno", "docdate", "subject", "from", "received", "sign", "remarks"}) {
    h += "<col class=\"" + std::string(c) + "\">";
  }
  h += "</colgroup>\n<thead><tr>";
  for (std::string_view title : {NumberTitle(reg, w), w.document_no, w.document_date, w.subject,
                                 w.from, w.received, w.signature, w.remarks}) {
    h += "<th scope=\"col\">" + e(title) + "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  for (const DailyLine& line : reg.lines) {
    std::string cls = "entry";
    if (line.entry.cancelled) cls += " cancelled";
    if (!line.letter) cls += " restricted";
    h += "<tr class=\"" + cls + "\">";
    h += "<td class=\"no\">" + e(line.label) + "</td>";
    if (line.letter) {
      h += "<td>" + e(line.letter->document_no) + "</td>";
      h += "<td>" + e(ShortDate(line.letter->document_date, lang)) + "</td>";
      h += "<td>" + e(line.letter->subject) + "</td>";
      h += "<td>" + e(line.letter->from) + "</td>";
    } else {
      h += "<td></td><td></td><td></td><td></td>";
    }
    h += "<td>" + e(ReceivedCell(line, reg.date, settings.utc_offset_minutes, lang)) + "</td>";
    h += "<td class=\"sign\"></td>";
    h += "<td class=\"remarks\">" + e(RemarksCell(line, w)) + "</td>";
    h += "</tr>\n";
  }
  if (reg.lines.empty()) h += "<tr><td class=\"none\" colspan=\"8\">" + e(w.none) + "</td></tr>\n";
  h += "</tbody>\n</table>\n<footer>\n";
  h += "<span>" + e(w.total) + " " + std::to_string(reg.lines.size()) + " " + e(w.entries) +
       "</span>\n";
  const CivilDate printed_day = LocalDate(printed.printed_at, settings.utc_offset_minutes);
  h += "<span>" + e(w.printed) + " " + e(LongDate(printed_day, lang)) + " " +
       e(LocalClock(printed.printed_at, settings.utc_offset_minutes)) + " " + e(w.by) + " " +
       e(printed.printed_by) + "</span>\n";
  h += "</footer>\n</body>\n</html>\n";
  return h;
}

std::string DailyRegisterCsv(const DailyRegister& reg, const OfficeSettings& settings,
                             ReportLanguage lang) {
  const Words& w = WordsOf(lang);
  std::string out = "\xEF\xBB\xBF";  // byte-order mark: Excel then reads UTF-8
  bool first = true;
  for (std::string_view title : {NumberTitle(reg, w), w.document_no, w.document_date, w.subject,
                                 w.from, w.received, w.signature, w.remarks}) {
    out += (first ? "" : ",") + CsvCell(title);
    first = false;
  }
  out += "\r\n";
  for (const DailyLine& line : reg.lines) {
    const store::Letter* l = line.letter ? &*line.letter : nullptr;
    out += CsvCell(line.label) + ",";
    out += CsvCell(l ? l->document_no : "") + ",";
    out += CsvCell(l ? ShortDate(l->document_date, lang) : "") + ",";
    out += CsvCell(l ? l->subject : "") + ",";
    out += CsvCell(l ? l->from : "") + ",";
    out += CsvCell(ReceivedCell(line, reg.date, settings.utc_offset_minutes, lang)) + ",";
    out += ",";  // signature: signed on paper
    out += CsvCell(RemarksCell(line, w)) + "\r\n";
  }
  return out;
}

}  // namespace saraban::services
