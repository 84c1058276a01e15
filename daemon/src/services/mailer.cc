#include "services/mailer.h"

#include <curl/curl.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/calendar.h"
#include "core/crypto.h"

namespace saraban::services {
namespace {

constexpr size_t kBatch = 20;
constexpr size_t kFollowBatch = 1000;
constexpr char kCursor[] = "mailer";

// What a notification kind is called in a mail subject, per language.
struct KindTitle {
  std::string_view kind, en, lo, th;
};
constexpr KindTitle kTitles[] = {
    {"new_incoming", "New incoming letter", "ໜັງສືຂາເຂົ້າໃໝ່", "หนังสือเข้าใหม่"},
    {"returned", "Letter returned", "ໜັງສືຖືກສົ່ງຄືນ", "หนังสือถูกส่งคืน"},
    {"recalled", "Letter recalled", "ໜັງສືຖືກຮຽກຄືນ", "หนังสือถูกเรียกคืน"},
    {"assigned", "New instruction for you", "ມີການມອບໝາຍວຽກໃຫ້ທ່ານ", "มีข้อสั่งการถึงท่าน"},
    {"signature_requested", "Letter waiting for your signature", "ໜັງສືລໍຖ້າທ່ານເຊັນ", "หนังสือรอท่านลงนาม"},
    {"signed", "Letter signed", "ໜັງສືໄດ້ເຊັນແລ້ວ", "หนังสือลงนามแล้ว"},
    {"returned_for_changes", "Letter returned for changes", "ໜັງສືຖືກສົ່ງກັບໃຫ້ແກ້ໄຂ",
     "หนังสือถูกส่งกลับให้แก้ไข"},
    {"due_soon", "Instruction due soon", "ວຽກໃກ້ຮອດກຳນົດ", "งานใกล้ครบกำหนด"},
    {"overdue", "Instruction overdue", "ວຽກກາຍກຳນົດແລ້ວ", "งานเลยกำหนดแล้ว"},
    {"", "Notification", "ແຈ້ງເຕືອນ", "การแจ้งเตือน"},
};

struct Words {
  std::string_view subject, from, open, classified, test;
};
constexpr Words kEnglish{"Subject", "From", "Open",
                         "A classified letter is waiting for you. Open Saraban to read it.",
                         "This is a test message from Saraban: email notifications work."};
constexpr Words kLao{"ເລື່ອງ", "ຈາກ", "ເປີດ", "ມີໜັງສືລັບລໍຖ້າທ່ານ. ກະລຸນາເປີດລະບົບສາລະບັນເພື່ອອ່ານ.",
                     "ນີ້ແມ່ນອີເມວທົດສອບຈາກລະບົບສາລະບັນ: ການແຈ້ງເຕືອນທາງອີເມວໃຊ້ໄດ້."};
constexpr Words kThai{"เรื่อง", "จาก", "เปิด", "มีหนังสือลับรอท่านอยู่ โปรดเปิดระบบสารบรรณเพื่ออ่าน",
                      "นี่คืออีเมลทดสอบจากระบบสารบรรณ: การแจ้งเตือนทางอีเมลใช้งานได้"};

const Words& WordsFor(std::string_view language) {
  if (language == "lo") return kLao;
  if (language == "th") return kThai;
  return kEnglish;
}

std::string_view TitleFor(std::string_view kind, std::string_view language) {
  const KindTitle* t = std::find_if(std::begin(kTitles), std::end(kTitles) - 1,
                                    [&](const KindTitle& k) { return k.kind == kind; });
  return language == "lo" ? t->lo : language == "th" ? t->th : t->en;
}

// Cuts UTF-8 text to at most `max` bytes without splitting a character.
std::string Truncate(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

// An address goes into headers and the SMTP envelope: no line breaks,
// spaces or angle brackets, exactly one @.
bool PlainAddress(const std::string& a) {
  return !a.empty() && a.size() <= 254 && std::count(a.begin(), a.end(), '@') == 1 &&
         std::none_of(a.begin(), a.end(), [](unsigned char c) {
           return c <= ' ' || c == 0x7f || c == '<' || c == '>';
         });
}

// RFC 2047 encoded-words of at most 45 raw bytes each (75 characters encoded),
// split on character boundaries, folded onto continuation lines.
std::string EncodeHeaderWords(const std::string& text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.size(), pos + 45);
    while (end < text.size() && end > pos &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(std::string_view(text).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

struct Outgoing {
  uint64_t notification_id = 0;
  std::string to, subject, body;
};

// The mail for one notification, or nullopt when its user gets none.
Result<std::optional<Outgoing>> MailFor(const store::ReadTxn& txn, const store::Notification& n,
                                        const MailSettings& settings) {
  auto user = txn.GetUser(n.user_id);
  if (!user) return user.error();
  if (!*user || !(*user)->active || (*user)->email.empty()) return std::optional<Outgoing>();
  auto letter = txn.GetLetter(n.letter_id);
  if (!letter) return letter.error();
  const std::string& lang = (*user)->language;
  const Words& w = WordsFor(lang);
  const std::string title(TitleFor(n.kind, lang));
  Outgoing mail{.notification_id = n.id, .to = (*user)->email};
  // Only the letter's existence leaves the box when it is classified.
  const bool classified = !*letter || (*letter)->secrecy != Secrecy::kNormal;
  mail.subject = "[Saraban] " + title;
  mail.body = title + "\n\n";
  if (classified) {
    mail.body += std::string(w.classified) + "\n";
  } else {
    mail.subject += ": " + Truncate((*letter)->subject, 120);
    mail.body += std::string(w.subject) + ": " + (*letter)->subject + "\n";
    if (!(*letter)->from.empty()) mail.body += std::string(w.from) + ": " + (*letter)->from + "\n";
  }
  if (!settings.public_url.empty()) {
    std::string base = settings.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    mail.body +=
        std::string(w.open) + ": " + base + "/letters/" + std::to_string(n.letter_id) + "\n";
  }
  mail.body += "\n-- \nSaraban\n";
  return std::optional<Outgoing>(std::move(mail));
}

struct ReadState {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* state = static_cast<ReadState*>(user);
  const size_t n = std::min(size * count, state->data->size() - state->offset);
  std::copy_n(state->data->data() + state->offset, n, buffer);
  state->offset += n;
  return n;
}

// Hands one message to the relay. kConflict with the relay's or curl's words
// when it cannot be delivered there.
Status SmtpSend(const MailSettings& s, const std::string& to, const std::string& message) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return MakeError(Errc::kIo, "cannot start a mail transfer");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> rcpt(
      curl_slist_append(nullptr, ("<" + to + ">").c_str()), curl_slist_free_all);
  const std::string from = "<" + s.from + ">";
  char error[CURL_ERROR_SIZE] = "";
  ReadState state{&message};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, s.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");  // never file:// or http:// by mistake
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!s.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &state);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK) {
    return MakeError(Errc::kConflict,
                     std::string("the mail relay did not take the message: ") +
                         (error[0] ? error : curl_easy_strerror(rc)),
                     "check smtp_url, smtp_from and the relay's user name and password");
  }
  return Status::Ok();
}

Status CheckSettings(const MailSettings& s) {
  if (s.smtp_url.empty()) {
    return MakeError(Errc::kConflict, "no mail relay is configured", "set smtp_url first");
  }
  if (!PlainAddress(s.from)) {
    return MakeError(Errc::kConflict, "smtp_from '" + s.from + "' is not an email address",
                     "set smtp_from, e.g. saraban@office.gov.la");
  }
  return Status::Ok();
}

std::string MessageId(uint64_t n, int64_t now) {
  return std::to_string(n) + "." + std::to_string(now) + "." + RandomHex(4) + "@saraban";
}

}  // namespace

std::string ComposeMail(const std::string& from, const std::string& to, const std::string& subject,
                        const std::string& body, int64_t now_ms, const std::string& message_id) {
  const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string crlf_body;
  for (char ch : body) {
    if (ch == '\n') crlf_body += '\r';
    crlf_body += ch;
  }
  const std::string encoded = Base64Encode(crlf_body);
  std::string out = std::string("Date: ") + date + "\r\nFrom: Saraban <" + from + ">\r\nTo: <" +
                    to + ">\r\nSubject: " + EncodeHeaderWords(subject) + "\r\nMessage-ID: <" +
                    message_id +
                    ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n";
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

void Mailer::Run() {
  auto settings = store_.Read([](const store::ReadTxn& txn) { return LoadMailSettings(txn); });
  if (!settings) return RecordFailure(settings.error());
  if (!settings->smtp_url.empty()) {
    if (Status s = SendPending(*settings); !s) RecordFailure(s.error());
    return;
  }
  // No relay: keep up with the newest notification.
  auto follow = store_.Write([](store::WriteTxn& txn) -> Status {
    auto cursor = txn.GetCursor(kCursor);
    if (!cursor) return cursor.status();
    auto newer = txn.NotificationsAfter(*cursor, kFollowBatch);
    if (!newer) return newer.status();
    if (newer->empty()) return Status::Ok();
    return txn.PutCursor(kCursor, newer->back().id);
  });
  if (!follow) RecordFailure(follow.error());
}

Status Mailer::SendPending(const MailSettings& settings) {
  if (Status s = CheckSettings(settings); !s) return s;
  for (;;) {
    struct Batch {
      std::vector<Outgoing> mails;
      uint64_t from = 0;  // the cursor when the batch was read
      uint64_t last = 0;  // newest notification looked at
      size_t seen = 0;
    };
    auto batch = store_.Read([&](const store::ReadTxn& txn) -> Result<Batch> {
      auto cursor = txn.GetCursor(kCursor);
      if (!cursor) return cursor.error();
      auto pending = txn.NotificationsAfter(*cursor, kBatch);
      if (!pending) return pending.error();
      Batch b{.from = *cursor, .last = *cursor, .seen = pending->size()};
      for (const auto& n : *pending) {
        auto mail = MailFor(txn, n, settings);
        if (!mail) return mail.error();
        if (*mail) b.mails.push_back(std::move(**mail));
        b.last = n.id;
      }
      return b;
    });
    if (!batch) return batch.status();
    for (const Outgoing& m : batch->mails) {
      const int64_t now = NowMillis();
      if (Status s = SmtpSend(settings, m.to,
                              ComposeMail(settings.from, m.to, m.subject, m.body, now,
                                          MessageId(m.notification_id, now)));
          !s) {
        return s;
      }
      if (Status s = store_.Write(
              [&](store::WriteTxn& txn) { return txn.PutCursor(kCursor, m.notification_id); });
          !s) {
        return s;
      }
      std::lock_guard lock(mu_);
      ++sent_;
      last_sent_at_ = now;
      last_error_.clear();
    }
    if (batch->last != batch->from) {
      if (Status s = store_.Write(
              [&](store::WriteTxn& txn) { return txn.PutCursor(kCursor, batch->last); });
          !s) {
        return s;
      }
    }
    if (batch->seen < kBatch) return Status::Ok();
  }
}

void Mailer::RecordFailure(const Error& error) {
  std::lock_guard lock(mu_);
  if (last_error_ != error.message) {
    std::fprintf(stderr, "saraban: email: %s\n", error.message.c_str());
  }
  last_error_ = error.message;
  last_error_at_ = NowMillis();
}

Status Mailer::SendTest(const std::string& to) {
  if (!PlainAddress(to)) {
    return MakeError(Errc::kInvalidArgument, "'" + to + "' is not an email address");
  }
  auto settings = store_.Read([](const store::ReadTxn& txn) { return LoadMailSettings(txn); });
  if (!settings) return settings.error();
  if (Status s = CheckSettings(*settings); !s) return s;
  const int64_t now = NowMillis();
  std::string body;
  for (const Words* w : {&kEnglish, &kLao, &kThai}) body += std::string(w->test) + "\n";
  Status sent = SmtpSend(*settings, to,
                         ComposeMail(settings->from, to, "[Saraban] Test / ທົດສອບ / ทดสอบ", body,
                                     now, MessageId(0, now)));
  std::lock_guard lock(mu_);
  if (sent) {
    last_error_.clear();
  } else {
    last_error_ = sent.error().message;
    last_error_at_ = now;
  }
  return sent;
}

Result<nlohmann::json> Mailer::Report() {
  auto state = store_.Read([](const store::ReadTxn& txn) -> Result<nlohmann::json> {
    auto settings = LoadMailSettings(txn);
    if (!settings) return settings.error();
    auto cursor = txn.GetCursor(kCursor);
    if (!cursor) return cursor.error();
    auto waiting = txn.NotificationsAfter(*cursor, kFollowBatch);
    if (!waiting) return waiting.error();
    return nlohmann::json{{"enabled", !settings->smtp_url.empty()},
                          {"waiting", settings->smtp_url.empty() ? 0 : waiting->size()}};
  });
  if (!state) return state.error();
  std::lock_guard lock(mu_);
  nlohmann::json out = *state;
  out["sent"] = sent_;
  out["last_sent_at"] =
      last_sent_at_ == 0 ? nlohmann::json(nullptr) : nlohmann::json(last_sent_at_);
  out["last_error"] = last_error_.empty() ? nlohmann::json(nullptr) : nlohmann::json(last_error_);
  out["last_error_at"] =
      last_error_at_ == 0 ? nlohmann::json(nullptr) : nlohmann::json(last_error_at_);
  return out;
}

}  // namespace saraban::services
