// The API route table. docs/openapi.json documents exactly these rows; a test
// (routes_test.cc) fails when the two drift apart.
#include "api/call.h"
#include "api/handlers.h"

namespace saraban::api {

Result<uint64_t> Call::Id(const std::string& name) const {
  auto it = params.find(name);
  auto id = it == params.end() ? std::nullopt : ParseCount(it->second);
  if (!id || *id == 0) {
    return MakeError(Errc::kNotFound, "'" + (it == params.end() ? "" : it->second) +
                                          "' is not an id",
                     "ids are positive integers");
  }
  return *id;
}

std::span<const Route> Routes() {
  constexpr RoleMask kPublic = 0;
  constexpr RoleMask kAdmin = RoleBit(Role::kAdmin);
  static const Route kRoutes[] = {
      {"GET", "/api/v1/health", Health, kPublic, "Liveness and version"},
      {"POST", "/api/v1/session", Login, kPublic, "Log in"},
      {"GET", "/api/v1/session", CurrentSession, kAnyRole, "The current user and CSRF token"},
      {"PATCH", "/api/v1/session", UpdateSession, kAnyRole, "Change the user's own language"},
      {"DELETE", "/api/v1/session", Logout, kAnyRole, "Log out"},
      {"POST", "/api/v1/session/password", ChangePassword, kAnyRole, "Change own password"},
      {"GET", "/api/v1/units", ListUnits, kAnyRole, "The organisation chart"},
      {"POST", "/api/v1/units", CreateUnit, kAdmin, "Add a unit"},
      {"GET", "/api/v1/units/{id}", GetUnit, kAnyRole, "One unit"},
      {"PATCH", "/api/v1/units/{id}", UpdateUnit, kAdmin, "Edit or move a unit"},
      {"GET", "/api/v1/users", ListUsers, kAdmin, "All accounts"},
      {"POST", "/api/v1/users", CreateUser, kAdmin, "Add an account"},
      {"GET", "/api/v1/users/{id}", GetUser, kAdmin, "One account"},
      {"PATCH", "/api/v1/users/{id}", UpdateUser, kAdmin, "Edit an account"},
      {"POST", "/api/v1/users/{id}/password", ResetPassword, kAdmin, "Reset a password"},
      {"GET", "/api/v1/books", ListBooks, kAnyRole, "Register book types"},
      {"POST", "/api/v1/books", CreateBook, kAdmin, "Add a book type"},
      {"PATCH", "/api/v1/books/{code}", UpdateBook, kAdmin, "Edit a book type"},
      {"GET", "/api/v1/letters", ListLetters, kAnyRole, "Letters the caller may see"},
      {"POST", "/api/v1/letters", CreateLetter, kAnyRole, "Register a letter or save a draft"},
      {"GET", "/api/v1/letters/{id}", GetLetter, kAnyRole, "One letter with its timeline"},
      {"PATCH", "/api/v1/letters/{id}", UpdateLetter, kAnyRole, "Edit a letter's metadata"},
      {"POST", "/api/v1/letters/{id}/register", RegisterLetter, kRegistrarRoles,
       "Register a draft"},
      {"POST", "/api/v1/letters/{id}/cancel", CancelLetter, kRegistrarRoles,
       "Cancel a registration"},
      {"DELETE", "/api/v1/letters/{id}", DeleteLetter, kAnyRole, "Delete a draft never sent"},
      {"POST", "/api/v1/letters/{id}/send", SendLetter, kRegistrarRoles,
       "Send to one or more units (or as a circular)"},
      {"POST", "/api/v1/letters/{id}/accept", AcceptLetter, kRegistrarRoles,
       "Accept into the unit's receive book"},
      {"POST", "/api/v1/letters/{id}/return", ReturnLetter, kRegistrarRoles,
       "Return to the sender with a note"},
      {"POST", "/api/v1/letters/{id}/recall", RecallLetter, kRegistrarRoles,
       "Recall from units that have not accepted"},
      {"POST", "/api/v1/letters/{id}/close", CloseLetter, kAnyRole,
       "Close a registered letter whose business ends here"},
      {"GET", "/api/v1/inbox", Inbox, kAnyRole, "New incoming letters of the caller's units"},
      {"POST", "/api/v1/letters/{id}/submit-signature", SubmitForSignature, kAnyRole,
       "Submit a letter to an executive for signature"},
      {"POST", "/api/v1/letters/{id}/sign", SignLetter, RoleBit(Role::kExecutive),
       "Sign a letter waiting for the caller's signature"},
      {"POST", "/api/v1/letters/{id}/return-for-changes", ReturnForChanges,
       RoleBit(Role::kExecutive), "Return a letter waiting for signature, with a note"},
      {"GET", "/api/v1/letters/{id}/signatures", ListSignatures, kAnyRole,
       "A letter's signatures, each verified against the letter as it is now"},
      {"GET", "/api/v1/signing-folder", SigningFolder, kAnyRole,
       "Letters waiting for the caller's signature, and recent decisions"},
      {"POST", "/api/v1/letters/{id}/forward", ForwardLetter, kAnyRole,
       "Forward to people or units with an instruction and a due date"},
      {"POST", "/api/v1/letters/{id}/watch", WatchLetter, kAnyRole, "Follow a letter"},
      {"DELETE", "/api/v1/letters/{id}/watch", UnwatchLetter, kAnyRole, "Stop following"},
      {"GET", "/api/v1/watchlist", Watchlist, kAnyRole, "Letters I follow"},
      {"GET", "/api/v1/dashboard", Dashboard, kAnyRole, "My counts"},
      {"GET", "/api/v1/notifications", ListNotifications, kAnyRole,
       "My notifications and the unread count"},
      {"POST", "/api/v1/notifications/read", MarkNotificationsRead, kAnyRole,
       "Mark notifications read"},
      {"GET", "/api/v1/assignments", MyAssignments, kAnyRole, "Assigned to me or my units"},
      {"POST", "/api/v1/assignments/{id}/acknowledge", AcknowledgeAssignment, kAnyRole,
       "Acknowledge an instruction"},
      {"POST", "/api/v1/assignments/{id}/comment", CommentAssignment, kAnyRole, "Comment"},
      {"POST", "/api/v1/assignments/{id}/report", ReportAssignment, kAnyRole, "Report back"},
      {"POST", "/api/v1/assignments/{id}/done", FinishAssignment, kAnyRole, "Mark done"},
      {"POST", "/api/v1/assignments/{id}/extend", ExtendAssignment, kAnyRole,
       "Extend the due date with a reason"},
      {"POST", "/api/v1/letters/{id}/attachments", AddAttachment, kAnyRole,
       "Attach a file (raw body with ?filename=, or a browser form)", true},
      {"GET", "/api/v1/letters/{id}/attachments", ListAttachments, kAnyRole,
       "A letter's attachments"},
      {"GET", "/api/v1/attachments/{id}", GetAttachment, kAnyRole,
       "An attachment and its text extraction status"},
      {"PUT", "/api/v1/attachments/{id}", ReplaceAttachment, kAnyRole,
       "Replace an attachment with a new file", true},
      {"DELETE", "/api/v1/attachments/{id}", DeleteAttachment, kAnyRole, "Delete an attachment"},
      {"GET", "/api/v1/attachments/{id}/text", AttachmentText, kAnyRole, "Extracted text"},
      {"GET", "/api/v1/attachments/{id}/content", AttachmentContent, kAnyRole,
       "The original bytes"},
      {"GET", "/api/v1/attachments/{id}/searchable.pdf", SearchablePdf, kAnyRole,
       "A scan as a searchable PDF"},
      {"GET", "/api/v1/registers", RegisterReport, kAnyRole, "A register book page"},
      {"GET", "/api/v1/registers/daily", DailyRegisterReport, kAnyRole,
       "One day of a register book: printable page, CSV or JSON"},
      {"GET", "/api/v1/statistics", LetterStatistics, kAnyRole,
       "Letters registered per period, unit and book (JSON or CSV)"},
      {"GET", "/api/v1/search", Search, kAnyRole, "Full-text search over visible letters"},
      {"GET", "/api/v1/settings", GetSettings, kAnyRole, "Office settings"},
      {"PATCH", "/api/v1/settings", UpdateSettings, kAdmin, "Change office settings"},
      {"GET", "/api/v1/audit", ListAudit, kAdmin, "The audit log"},
      {"GET", "/api/v1/backups", BackupStatus, kAdmin, "Backup status, progress and history"},
      {"POST", "/api/v1/backups", StartBackup, kAdmin, "Back up now"},
  };
  return kRoutes;
}

}  // namespace saraban::api
