// Route handlers, grouped by resource. Each parses its input strictly, calls
// a service, and answers with a view or the one error shape.
#ifndef SARABAN_DAEMON_API_HANDLERS_H_
#define SARABAN_DAEMON_API_HANDLERS_H_

#include "api/call.h"
#include "api/json_io.h"
#include "services/letters.h"
#include "services/settings.h"

namespace saraban::api {

// Shared by the handler files.
Result<services::OfficeSettings> Settings(const Call& call);
services::Actor ActorOf(const Call& call);
// A letter's answer: its view, and with_details its timeline, attachments and
// deliveries.
http::HttpResponse LetterAnswer(Call& call, int status, const store::Letter& letter,
                                bool with_details);
// A letter's view with its register label (book format, register unit code).
Result<json> LetterJson(const store::ReadTxn& txn, const services::OfficeSettings& settings,
                        const store::Letter& letter);

// Parses an optional query parameter with `parse`; keeps the first failure in
// `error` as a 422.
template <class T, class Parse>
std::optional<T> QueryParam(const Call& call, const std::string& name, Parse parse,
                            std::optional<Error>* error) {
  auto raw = call.request.Query(name);
  if (!raw || raw->empty()) return std::nullopt;
  std::optional<T> value = parse(*raw);
  if (!value && !*error) {
    *error = MakeError(Errc::kInvalidArgument,
                       "query parameter '" + name + "' has an invalid value '" + *raw + "'");
  }
  return value;
}
inline std::optional<std::string> AnyString(std::string_view s) { return std::string(s); }
// A page of a list: `offset` (default 0) and `limit` (default
// `default_limit`, 1 to `max_limit`) from the query string.
struct Page {
  uint64_t offset = 0;
  uint64_t limit = 0;
};
Page ReadPage(const Call& call, uint64_t default_limit, uint64_t max_limit,
              std::optional<Error>* error);
// The letter filters (unit_id, book, direction, status, urgency, secrecy, year)
// of a list or search query string.
LetterFilter ReadLetterFilter(const Call& call, std::optional<Error>* error);

// session_api.cc
http::HttpResponse Login(Call& call);
http::HttpResponse CurrentSession(Call& call);
http::HttpResponse UpdateSession(Call& call);
http::HttpResponse Logout(Call& call);
http::HttpResponse ChangePassword(Call& call);

// org_api.cc
http::HttpResponse ListUnits(Call& call);
http::HttpResponse GetUnit(Call& call);
http::HttpResponse CreateUnit(Call& call);
http::HttpResponse UpdateUnit(Call& call);
http::HttpResponse ListUsers(Call& call);
http::HttpResponse GetUser(Call& call);
http::HttpResponse CreateUser(Call& call);
http::HttpResponse UpdateUser(Call& call);
http::HttpResponse ResetPassword(Call& call);

// letters_api.cc
http::HttpResponse ListLetters(Call& call);
http::HttpResponse GetLetter(Call& call);
http::HttpResponse CreateLetter(Call& call);
http::HttpResponse UpdateLetter(Call& call);
http::HttpResponse RegisterLetter(Call& call);
http::HttpResponse CancelLetter(Call& call);
http::HttpResponse RegisterReport(Call& call);

// reports_api.cc
http::HttpResponse LetterStatistics(Call& call);
http::HttpResponse DailyRegisterReport(Call& call);

// attachments_api.cc
json AttachmentView(const store::Attachment& a);
http::HttpResponse AddAttachment(Call& call);
http::HttpResponse ListAttachments(Call& call);
http::HttpResponse GetAttachment(Call& call);
http::HttpResponse AttachmentText(Call& call);
http::HttpResponse AttachmentContent(Call& call);
http::HttpResponse SearchablePdf(Call& call);
http::HttpResponse ReplaceAttachment(Call& call);
http::HttpResponse DeleteAttachment(Call& call);

// routing_api.cc
json DeliveryView(const store::ReadTxn& txn, const store::Delivery& d,
                  const services::OfficeSettings& s);
http::HttpResponse SendLetter(Call& call);
http::HttpResponse AcceptLetter(Call& call);
http::HttpResponse ReturnLetter(Call& call);
http::HttpResponse RecallLetter(Call& call);
http::HttpResponse CloseLetter(Call& call);
http::HttpResponse DeleteLetter(Call& call);
http::HttpResponse Inbox(Call& call);
http::HttpResponse LetterRoute(Call& call);

// mail_api.cc
// The mailer's report with times in the office's zone; kConflict without one.
Result<json> MailReport(const Call& call);
http::HttpResponse MailStatus(Call& call);
http::HttpResponse SendTestMail(Call& call);

// folders_api.cc
http::HttpResponse ListFolders(Call& call);
http::HttpResponse CreateFolder(Call& call);
http::HttpResponse GetFolder(Call& call);
http::HttpResponse RenameFolder(Call& call);
http::HttpResponse DeleteFolder(Call& call);
http::HttpResponse FileLetter(Call& call);
http::HttpResponse UnfileLetter(Call& call);

// assignments_api.cc
json AssignmentView(const store::Assignment& a, const services::OfficeSettings& s);
http::HttpResponse ForwardLetter(Call& call);
http::HttpResponse MyAssignments(Call& call);
http::HttpResponse AcknowledgeAssignment(Call& call);
http::HttpResponse CommentAssignment(Call& call);
http::HttpResponse ReportAssignment(Call& call);
http::HttpResponse FinishAssignment(Call& call);
http::HttpResponse ExtendAssignment(Call& call);

// overview_api.cc
http::HttpResponse ListNotifications(Call& call);
http::HttpResponse MarkNotificationsRead(Call& call);
http::HttpResponse WatchLetter(Call& call);
http::HttpResponse UnwatchLetter(Call& call);
http::HttpResponse Watchlist(Call& call);
http::HttpResponse Dashboard(Call& call);

// signing_api.cc
http::HttpResponse SubmitForSignature(Call& call);
http::HttpResponse SignLetter(Call& call);
http::HttpResponse ReturnForChanges(Call& call);
http::HttpResponse ListSignatures(Call& call);
http::HttpResponse SigningFolder(Call& call);

// backups_api.cc
http::HttpResponse BackupStatus(Call& call);
http::HttpResponse StartBackup(Call& call);

// people_api.cc
http::HttpResponse ListPeople(Call& call);

// system_api.cc
http::HttpResponse SystemStatus(Call& call);

// comments_api.cc
http::HttpResponse AddLetterComment(Call& call);

// search_api.cc
http::HttpResponse Search(Call& call);

// drives_api.cc
http::HttpResponse ListDrives(Call& call);
http::HttpResponse EjectDrive(Call& call);

// tls_api.cc
http::HttpResponse TlsCaCertificate(Call& call);
http::HttpResponse TlsStatus(Call& call);
http::HttpResponse InstallTlsCertificate(Call& call);

// office_api.cc
http::HttpResponse ListBooks(Call& call);
http::HttpResponse CreateBook(Call& call);
http::HttpResponse UpdateBook(Call& call);
http::HttpResponse GetSettings(Call& call);
http::HttpResponse UpdateSettings(Call& call);
http::HttpResponse ListAudit(Call& call);
http::HttpResponse Health(Call& call);

// setup_api.cc: first boot (services/setup.h). The table's rows answer once
// an office exists; HandleSetupRequest answers every /api request while
// serve is in setup mode.
http::HttpResponse GetSetup(Call& call);
http::HttpResponse PostSetup(Call& call);
http::HttpResponse PostSetupRestore(Call& call);
http::HttpResponse GetSetupRestore(Call& call);
http::HttpResponse HandleSetupRequest(services::SetupMode& mode, http::HttpRequest& req,
                                      size_t max_body) noexcept;

}  // namespace saraban::api

#endif  // SARABAN_DAEMON_API_HANDLERS_H_
