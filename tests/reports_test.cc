// Reports through the API: statistics per period, unit and book within the
// caller's scope, and the daily register as a printable page, CSV and JSON.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

constexpr char kBom[] = "\xEF\xBB\xBF";

// The office-local date of an RFC 3339 time the API returned ("2026-11-21T...").
std::string DateOf(const json& time) { return time.get<std::string>().substr(0, 10); }

// strftime over a YYYY-MM-DD date (libc's own calendar, independent of ours).
std::string Strftime(const std::string& iso_date, const char* format, int add_days = 0) {
  std::tm tm{};
  tm.tm_year = std::stoi(iso_date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(iso_date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(iso_date.substr(8, 2)) + add_days;
  tm.tm_hour = 12;
  const time_t t = timegm(&tm);
  std::tm norm{};
  gmtime_r(&t, &norm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &norm);
  return buf;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (size_t end; (end = csv.find("\r\n", pos)) != std::string::npos; pos = end + 2) {
    out.push_back(csv.substr(pos, end - pos));
  }
  EXPECT_EQ(pos, csv.size()) << "the last line must end with CRLF";
  return out;
}

// The response head exactly as the daemon sent it (libcurl's header map keeps
// one value per name, so a repeated header would go unseen).
std::string RawResponseHead(const std::string& base_url, const std::string& path,
                            const std::string& cookie) {
  const int port = std::stoi(base_url.substr(base_url.rfind(':') + 1));
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                              "\r\nConnection: close\r\n\r\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return "";
  }
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) response.append(buf, n);
  ::close(fd);
  return response.substr(0, response.find("\r\n\r\n"));
}

class ReportsTest : public OfficeTest {
 protected:
  std::string A() const { return std::to_string(unit_a_); }
  std::string B() const { return std::to_string(unit_b_); }

  // The letters of one day: in A, three incoming in the receive book (one
  // cancelled afterwards: it keeps its number but is no longer counted), one
  // outgoing in send_normal, one internal memo, and a secret incoming letter
  // registered by the central desk; in B, two incoming. Returns today's
  // office-local date.
  std::string RegisterTheDay() {
    auto reg_a = Client("reg_a");
    json first = Register(
        *reg_a, unit_a_, "ຂໍເຊີນເຂົ້າຮ່ວມກອງປະຊຸມ",
        {{"document_no", "323/ປທສ"}, {"document_date", "2024-05-01"}, {"from", "ກະຊວງສຶກສາທິການ"}});
    Register(*reg_a, unit_a_, "<script>alert(1)</script> ด่วนที่สุด",
             {{"from", "จังหวัด \"พังงา\" & อำเภอ"}});
    json cancelled = Register(*reg_a, unit_a_, "ລົງທະບຽນຊ້ຳ");
    EXPECT_EQ(
        reg_a
            ->Post("/api/v1/letters/" + std::to_string(cancelled["id"].get<int>()) + "/cancel",
                   {{"reason", "ລົງທະບຽນຊ້ຳ"}})
            .status,
        200);
    Register(*reg_a, unit_a_, "ສົ່ງອອກ", {{"book", "send_normal"}, {"direction", "outgoing"}});
    Register(*reg_a, unit_a_, "ບົດບັນທຶກ", {{"book", "memo"}, {"direction", "internal"}});
    auto central = Client("central");
    Register(*central, unit_a_, "ความลับของราชการ", {{"secrecy", "secret"}});
    auto reg_b = Client("reg_b");
    Register(*reg_b, unit_b_, "ໜັງສື ຂ 1");
    Register(*reg_b, unit_b_, "ໜັງສື ຂ 2");
    return DateOf(first["registered_at"]);
  }
};

// The rows of a statistics answer as "bucket unit book in/out/internal/total".
std::vector<std::string> Rows(const json& stats) {
  std::vector<std::string> out;
  for (const json& r : stats["rows"]) {
    out.push_back(r["bucket"].get<std::string>() + " " + r["unit_code"].get<std::string>() + " " +
                  r["book"].get<std::string>() + " " + std::to_string(r["incoming"].get<int>()) +
                  "/" + std::to_string(r["outgoing"].get<int>()) + "/" +
                  std::to_string(r["internal"].get<int>()) + "/" +
                  std::to_string(r["total"].get<int>()));
  }
  return out;
}

TEST_F(ReportsTest, StatisticsCountsPerDayAndMonthOnlyWhatTheCallerMaySee) {
  const std::string today = RegisterTheDay();
  auto reg_a = Client("reg_a");
  // Day buckets, default range: B's letters, the secret one and the
  // cancelled one are not counted for a normal-cleared registrar of A.
  HttpResult day = reg_a->Get("/api/v1/statistics");
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.json()["period"], "day");
  EXPECT_EQ(day.json()["to"], today);
  EXPECT_EQ(day.json()["from"], Strftime(today, "%Y-%m-%d", -29));  // the last 30 days
  EXPECT_EQ(Rows(day.json()),
            (std::vector<std::string>{today + " A memo 0/0/1/1", today + " A receive 2/0/0/2",
                                      today + " A send_normal 0/1/0/1"}));
  EXPECT_EQ(day.json()["rows"][0]["unit_id"], unit_a_);

  const std::string month = today.substr(0, 7);
  json by_month = reg_a->Get("/api/v1/statistics?period=month&book=receive").json();
  EXPECT_EQ(Rows(by_month), std::vector<std::string>{month + " A receive 2/0/0/2"});
  json by_week = reg_a->Get("/api/v1/statistics?period=week&direction=outgoing").json();
  EXPECT_EQ(Rows(by_week),
            std::vector<std::string>{Strftime(today, "%G-W%V") + " A send_normal 0/1/0/1"});
  json by_year = reg_a->Get("/api/v1/statistics?period=year&unit_id=" + A()).json();
  ASSERT_EQ(by_year["rows"].size(), 3u);
  EXPECT_EQ(by_year["rows"][0]["bucket"], today.substr(0, 4));

  // Cleared for top secret and seeing A: the secret letter counts.
  json boss = Client("boss_a")->Get("/api/v1/statistics?period=month&book=receive").json();
  EXPECT_EQ(Rows(boss), std::vector<std::string>{month + " A receive 3/0/0/3"});
  // The central desk sees the whole office.
  json all = Client("central")->Get("/api/v1/statistics?period=month&book=receive").json();
  EXPECT_EQ(Rows(all),
            (std::vector<std::string>{month + " A receive 3/0/0/3", month + " B receive 2/0/0/2"}));

  // Another unit is not reg_a's to count; a range without letters has no rows.
  EXPECT_EQ(reg_a->Get("/api/v1/statistics?unit_id=" + B()).status, 404);
  json old = reg_a->Get("/api/v1/statistics?from=2000-01-01&to=2000-12-31").json();
  EXPECT_EQ(old["from"], "2000-01-01");
  EXPECT_EQ(old["rows"].size(), 0u);
}

TEST_F(ReportsTest, StatisticsCountsByTheOfficeLocalRegistrationDate) {
  auto reg_a = Client("reg_a");
  json letter = Register(*reg_a, unit_a_, "ໜັງສື");
  const std::string path = "/api/v1/letters/" + std::to_string(letter["id"].get<int>());
  // UTC-12 and UTC+14 put the same instant on two different local dates.
  for (int offset : {-720, 840}) {
    ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"utc_offset_minutes", offset}}).status, 200);
    const std::string local_day = DateOf(reg_a->Get(path).json()["registered_at"]);
    json stats = reg_a->Get("/api/v1/statistics?from=2000-01-01&to=2100-12-31").json();
    EXPECT_EQ(Rows(stats), std::vector<std::string>{local_day + " A receive 1/0/0/1"})
        << "offset " << offset;
  }
}

TEST_F(ReportsTest, StatisticsCsvHasAByteOrderMarkAHeaderAndOneLinePerRow) {
  const std::string today = RegisterTheDay();
  HttpResult csv = Client("reg_a")->Get("/api/v1/statistics?format=csv&period=day");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.headers["content-disposition"].find("attachment; filename=\"statistics-"),
            std::string::npos)
      << csv.headers["content-disposition"];
  EXPECT_NE(csv.headers["content-disposition"].find(".csv\""), std::string::npos);
  ASSERT_EQ(csv.body.rfind(kBom, 0), 0u);
  std::vector<std::string> lines = Lines(csv.body.substr(3));
  ASSERT_EQ(lines.size(), 4u) << csv.body;
  EXPECT_EQ(lines[0], "bucket,unit_id,unit_code,book,incoming,outgoing,internal,total");
  EXPECT_EQ(lines[2], today + "," + A() + ",A,receive,2,0,0,2");
}

TEST_F(ReportsTest, StatisticsRejectsBadParameters) {
  auto reg_a = Client("reg_a");
  for (const char* query : {"period=hour", "from=2024-02-30", "to=2024-1-01",
                            "from=2024-06-02&to=2024-06-01", "direction=sideways", "format=xml",
                            "unit_id=abc", "unit_id=0", "unit_id=-1", "book=no_such_book"}) {
    HttpResult r = reg_a->Get(std::string("/api/v1/statistics?") + query);
    EXPECT_EQ(r.status, 422) << query << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_argument") << query;
  }
}

TEST_F(ReportsTest, DailyRegisterPrintablePageInThaiListsExactlyTheDaysNumbers) {
  ASSERT_EQ(admin_
                ->Patch("/api/v1/settings",
                        {{"country", "TH"}, {"era", "BE"}, {"office_name", "สำนักงาน <จังหวัด> พังงา"}})
                .status,
            200);
  const std::string today = RegisterTheDay();
  const int be_year = std::stoi(today.substr(0, 4)) + 543;
  const std::string be = std::to_string(be_year);
  const char* const kThaiMonths[] = {"มกราคม",  "กุมภาพันธ์", "มีนาคม",    "เมษายน",
                                     "พฤษภาคม", "มิถุนายน",  "กรกฎาคม",  "สิงหาคม",
                                     "กันยายน",  "ตุลาคม",   "พฤศจิกายน", "ธันวาคม"};
  const std::string month = kThaiMonths[std::stoi(today.substr(5, 2)) - 1];
  const std::string day = std::to_string(std::stoi(today.substr(8, 2)));
  auto reg_a = Client("reg_a");
  const std::string path =
      "/api/v1/registers/daily?unit_id=" + A() + "&book=receive&date=" + today + "&lang=th";

  HttpResult page = reg_a->Get(path + "&format=html");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string& html = page.body;
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"th\">"), std::string::npos);
  EXPECT_NE(html.find(day + " " + month + " พ.ศ. " + be), std::string::npos) << html;
  EXPECT_NE(html.find("@page"), std::string::npos);
  // Every column title, the signature column among them.
  for (const char* title : {"เลขทะเบียนรับ", "ที่", "ลงวันที่", "เรื่อง", "จาก", "เวลารับ", "ลงชื่อผู้รับ"}) {
    EXPECT_NE(html.find(std::string("<th scope=\"col\">") + title + "</th>"), std::string::npos)
        << title;
  }
  EXPECT_EQ(Count(html, "<td class=\"sign\"></td>"), 4u);
  // User text is escaped; the page has no script of its own.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; ด่วนที่สุด"), std::string::npos);
  EXPECT_NE(html.find("จังหวัด &quot;พังงา&quot; &amp; อำเภอ"), std::string::npos);
  EXPECT_NE(html.find("<h1>สำนักงาน &lt;จังหวัด&gt; พังงา</h1>"), std::string::npos);
  // Exactly the four numbers of A's receive book today, in order, BE labels;
  // the cancelled one marked, the secret one without its content.
  EXPECT_EQ(Count(html, "<tr class=\"entry"), 4u);
  size_t last = 0;
  for (int n = 1; n <= 4; ++n) {
    const size_t at = html.find("<td class=\"no\">" + std::to_string(n) + "/" + be + "</td>");
    ASSERT_NE(at, std::string::npos) << n;
    EXPECT_GT(at, last);
    last = at;
  }
  EXPECT_EQ(Count(html, "<tr class=\"entry cancelled\">"), 1u);
  EXPECT_EQ(Count(html, "<tr class=\"entry restricted\">"), 1u);
  EXPECT_EQ(html.find("ความลับของราชการ"), std::string::npos);
  EXPECT_EQ(html.find("ສົ່ງອອກ"), std::string::npos);  // another book
  EXPECT_EQ(html.find("ໜັງສື ຂ"), std::string::npos);  // another unit
  EXPECT_NE(html.find("ຂໍເຊີນເຂົ້າຮ່ວມກອງປະຊຸມ"), std::string::npos);
  EXPECT_NE(html.find("<td>01/05/2567</td>"), std::string::npos);  // document date, BE

  // The same day as JSON: the numbers, and what is restricted.
  json j = reg_a->Get(path + "&format=json").json();
  std::vector<int> numbers;
  std::vector<bool> restricted;
  for (const json& e : j["entries"]) {
    numbers.push_back(e["number"]);
    restricted.push_back(e["restricted"]);
  }
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(restricted, (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(j["entries"][3].count("subject"), 0u);
  EXPECT_EQ(j["entries"][0]["label"], "1/" + be);
  EXPECT_EQ(j["date"], today);
  // The day before has none of them.
  const std::string yesterday = Strftime(today, "%Y-%m-%d", -1);
  json before =
      reg_a->Get("/api/v1/registers/daily?format=json&unit_id=" + A() + "&date=" + yesterday)
          .json();
  EXPECT_EQ(before["entries"].size(), 0u);
  HttpResult empty_page =
      reg_a->Get("/api/v1/registers/daily?lang=th&unit_id=" + A() + "&date=" + yesterday);
  EXPECT_EQ(Count(empty_page.body, "<tr class=\"entry"), 0u);
  EXPECT_NE(empty_page.body.find("ไม่มีรายการ"), std::string::npos);
}

TEST_F(ReportsTest, DailyRegisterPageBringsItsOwnPolicyAllowingOnlyItsStyle) {
  const std::string today = RegisterTheDay();
  HttpClient client(daemon_->base_url());
  HttpResult login = client.Login("reg_a", kPassword);
  ASSERT_EQ(login.status, 200);
  ASSERT_FALSE(login.set_cookies.empty());
  const std::string cookie = login.set_cookies[0].substr(0, login.set_cookies[0].find(';'));
  const std::string path = "/api/v1/registers/daily?unit_id=" + A() + "&date=" + today;

  HttpResult page = client.Get(path);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string csp = page.headers["content-security-policy"];
  EXPECT_EQ(csp.rfind("default-src 'none'; style-src 'sha256-", 0), 0u) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  // Browsers enforce every CSP header: the edge's default (no styles at all)
  // must not be sent as well.
  std::string head = RawResponseHead(daemon_->base_url(), path, cookie);
  ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  EXPECT_EQ(Count(head, "\ncontent-security-policy:"), 1u) << head;
  // Other answers keep the default policy.
  EXPECT_EQ(client.Get(path + "&format=json").headers["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'");
}

TEST_F(ReportsTest, DailyRegisterLaoAndEnglishPagesUseTheirMonthsAndTheCommonEra) {
  const std::string today = RegisterTheDay();
  const char* const kLaoMonths[] = {"ມັງກອນ", "ກຸມພາ", "ມີນາ",  "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ",
                                    "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ",  "ພະຈິກ",   "ທັນວາ"};
  const int m = std::stoi(today.substr(5, 2));
  const std::string day = std::to_string(std::stoi(today.substr(8, 2)));
  const std::string year = today.substr(0, 4);
  auto reg_a = Client("reg_a");
  const std::string path = "/api/v1/registers/daily?unit_id=" + A() + "&date=" + today;
  HttpResult lo = reg_a->Get(path + "&lang=lo");
  ASSERT_EQ(lo.status, 200);
  EXPECT_NE(lo.body.find(day + " " + kLaoMonths[m - 1] + " " + year), std::string::npos);
  EXPECT_NE(lo.body.find("<th scope=\"col\">ລາຍເຊັນຜູ້ຮັບ</th>"), std::string::npos);
  EXPECT_NE(lo.body.find("<html lang=\"lo\">"), std::string::npos);
  // English by default: reg_a's own language.
  HttpResult en = reg_a->Get(path);
  EXPECT_NE(en.body.find(day + " " + Strftime(today, "%B") + " " + year), std::string::npos);
  EXPECT_NE(en.body.find("Signature of recipient"), std::string::npos);
}

TEST_F(ReportsTest, DailyRegisterCsvHasTheSameColumnsInTheChosenLanguage) {
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"era", "BE"}}).status, 200);
  const std::string today = RegisterTheDay();
  const std::string be = std::to_string(std::stoi(today.substr(0, 4)) + 543);
  HttpResult csv = Client("reg_a")->Get(
      "/api/v1/registers/daily?format=csv&lang=th&unit_id=" + A() + "&date=" + today);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.headers["content-disposition"],
            "attachment; filename=\"register-" + A() + "-receive-" + today + ".csv\"");
  ASSERT_EQ(csv.body.rfind(kBom, 0), 0u);
  std::vector<std::string> lines = Lines(csv.body.substr(3));
  ASSERT_EQ(lines.size(), 5u) << csv.body;
  EXPECT_EQ(lines[0], "เลขทะเบียนรับ,ที่,ลงวันที่,เรื่อง,จาก,เวลารับ,ลงชื่อผู้รับ,หมายเหตุ");
  EXPECT_EQ(lines[1].rfind("1/" + be + ",323/ປທສ,01/05/2567,ຂໍເຊີນເຂົ້າຮ່ວມກອງປະຊຸມ,ກະຊວງສຶກສາທິການ,", 0),
            0u)
      << lines[1];
  // Quotes, commas and ampersands survive; the secret line has its number only.
  EXPECT_NE(lines[2].find(",\"จังหวัด \"\"พังงา\"\" & อำเภอ\","), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find(",ยกเลิก"), std::string::npos) << lines[3];
  EXPECT_EQ(lines[4].rfind("4/" + be + ",,,,,", 0), 0u) << lines[4];
  EXPECT_NE(lines[4].find("ชั้นความลับ"), std::string::npos) << lines[4];
}

TEST_F(ReportsTest, DailyRegisterRejectsBadParametersAndForeignUnits) {
  auto reg_a = Client("reg_a");
  const std::string a = "unit_id=" + A();
  const std::vector<std::string> bad = {
      "book=receive",    "unit_id=abc",     "unit_id=0",   a + "&date=2024-13-01",
      a + "&date=today", a + "&format=pdf", a + "&lang=fr"};
  for (const std::string& query : bad) {
    HttpResult r = reg_a->Get("/api/v1/registers/daily?" + query);
    EXPECT_EQ(r.status, 422) << query << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_argument") << query;
  }
  EXPECT_EQ(reg_a->Get("/api/v1/registers/daily?unit_id=" + B()).status, 404);
  EXPECT_EQ(reg_a->Get("/api/v1/registers/daily?" + a + "&book=no_such_book").status, 404);
  EXPECT_EQ(reg_a->Get("/api/v1/registers/daily?unit_id=999").status, 404);
}

}  // namespace
}  // namespace saraban::testing
