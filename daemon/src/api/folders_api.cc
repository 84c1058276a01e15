// Folders at four levels (office, department, division, personal) to file
// the letters of a matter. The service decides who may see and change each.
#include "api/handlers.h"
#include "core/calendar.h"
#include "services/authz.h"
#include "services/folders.h"

namespace saraban::api {
namespace {

json FolderSummary(const services::FolderView& v, const services::OfficeSettings& s) {
  const store::Folder& f = v.folder;
  return {{"id", f.id},
          {"name", f.name},
          {"level", services::FolderLevelName(f.level)},
          {"unit_id", f.unit_id == 0 ? json(nullptr) : json(f.unit_id)},
          {"owner_id", f.owner_id == 0 ? json(nullptr) : json(f.owner_id)},
          {"created_at", FormatTimestamp(f.created_at, s.utc_offset_minutes)},
          {"letter_count", v.letter_ids.size()},
          {"can_manage", v.can_manage},
          {"can_file", v.can_file}};
}

// The folder with the letters the caller may see in it.
http::HttpResponse FolderAnswer(Call& call, int status, uint64_t id) {
  auto view = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto folder = services::GetFolder(txn, call.principal->user, id);
    if (!folder) return folder.error();
    json letters = json::array();
    for (uint64_t letter_id : folder->letter_ids) {
      auto letter = txn.GetLetter(letter_id);
      if (!letter) return letter.error();
      if (!*letter) continue;
      auto item = LetterJson(txn, *settings, **letter);
      if (!item) return item.error();
      letters.push_back(std::move(*item));
    }
    json out = FolderSummary(*folder, *settings);
    out["letters"] = std::move(letters);
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(status, *view);
}

}  // namespace

http::HttpResponse ListFolders(Call& call) {
  auto list = call.services.store.Read([&](const store::ReadTxn& txn) -> Result<json> {
    auto settings = services::LoadSettings(txn);
    if (!settings) return settings.error();
    auto folders = services::ListFolders(txn, call.principal->user);
    if (!folders) return folders.error();
    json out = json::array();
    for (const auto& f : *folders) out.push_back(FolderSummary(f, *settings));
    return out;
  });
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, {{"folders", *list}});
}

http::HttpResponse CreateFolder(Call& call) {
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto name = body->String("name", true, 200);
  auto level_name = body->String("level", true, 20);
  auto unit = body->Int("unit_id", false, 1);
  auto level = level_name ? services::ParseFolderLevel(*level_name) : std::nullopt;
  if (level_name && !level) body->Fail("level", "must be office, department, division or personal");
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto folder = services::CreateFolder(
      call.services.store, ActorOf(call),
      {.name = *name, .level = *level, .unit_id = static_cast<uint64_t>(unit.value_or(0))});
  if (!folder) return ErrorResponse(folder.error());
  return FolderAnswer(call, 201, folder->id);
}

http::HttpResponse GetFolder(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  return FolderAnswer(call, 200, *id);
}

http::HttpResponse RenameFolder(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto name = body->String("name", true, 200);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  auto folder = services::RenameFolder(call.services.store, ActorOf(call), *id, *name);
  if (!folder) return ErrorResponse(folder.error());
  return FolderAnswer(call, 200, *id);
}

http::HttpResponse DeleteFolder(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  return NoContentOr(services::DeleteFolder(call.services.store, ActorOf(call), *id));
}

http::HttpResponse FileLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto body = JsonBody::Parse(call.request);
  if (!body) return ErrorResponse(body.error());
  auto letter = body->Int("letter_id", true, 1);
  if (Status s = body->Finish(); !s) return ErrorResponse(s.error());
  return NoContentOr(services::FileLetter(call.services.store, ActorOf(call), *id,
                                          static_cast<uint64_t>(*letter)));
}

http::HttpResponse UnfileLetter(Call& call) {
  auto id = call.Id();
  if (!id) return ErrorResponse(id.error());
  auto letter = call.Id("letter_id");
  if (!letter) return ErrorResponse(letter.error());
  return NoContentOr(services::UnfileLetter(call.services.store, ActorOf(call), *id, *letter));
}

}  // namespace saraban::api
