// A small demo office for ./run.sh: two departments, a division, three
// users with printed passwords, and a few letters in Lao, Thai and English.
#include <iostream>

#include "cli/commands.h"
#include "services/letters.h"
#include "services/org.h"

namespace saraban::cli {

Status AddDemoData(store::Store& store) {
  auto admin = store.Read([](const store::ReadTxn& txn) { return txn.GetUser(1); });
  if (!admin) return admin.error();
  if (!*admin) return MakeError(Errc::kInternal, "the office has no admin account");
  const services::Actor actor{**admin, "demo"};

  struct DemoUnit {
    uint64_t parent;
    const char* code;
    const char* lo;
    const char* th;
    const char* en;
  };
  const DemoUnit units[] = {
      {1, "ADM", "ພະແນກບໍລິຫານ", "ฝ่ายบริหารทั่วไป", "Administration Department"},
      {1, "EDU", "ພະແນກສຶກສາທິການ", "กองการศึกษา", "Education Department"},
      {3, "EDU-P", "ຂະແໜງການສຶກສາປະຖົມ", "งานการศึกษาประถม", "Primary Education Division"},
  };
  std::vector<uint64_t> ids;
  for (const auto& u : units) {
    auto unit = services::CreateUnit(
        store, actor,
        {.parent_id = u.parent == 1 ? 1 : ids.at(u.parent - 2), .code = u.code, .name_lo = u.lo,
         .name_th = u.th, .name_en = u.en, .keeps_books = true, .active = true});
    if (!unit) return unit.error();
    ids.push_back(unit->id);
  }

  struct DemoUser {
    const char* name;
    const char* display;
    RoleMask roles;
    uint64_t unit;
    Secrecy clearance;
  };
  const DemoUser users[] = {
      {"clerk", "ນາງ ສົມໃຈ (central registry)", RoleBit(Role::kCentralRegistrar), 1,
       Secrecy::kConfidential},
      {"director", "ທ່ານ ບຸນມີ (director)", RoleBit(Role::kExecutive), 1, Secrecy::kSecret},
      {"teacher", "Somsak (education staff)", RoleBit(Role::kStaff), ids[1], Secrecy::kNormal},
  };
  std::cout << "demo users (passwords shown once):\n";
  for (const auto& u : users) {
    auto created = services::CreateUser(
        store, actor,
        {.username = u.name, .display_name = u.display, .language = "lo", .roles = u.roles,
         .unit_ids = std::vector<uint64_t>{u.unit}, .clearance = u.clearance, .active = true},
        "");
    if (!created) return created.error();
    std::cout << "  " << u.name << "  " << created->password << "\n";
  }

  auto clerk = store.Read([](const store::ReadTxn& txn) { return txn.FindUserByName("clerk"); });
  if (!clerk || !*clerk) return MakeError(Errc::kInternal, "demo clerk missing");
  const services::Actor registrar{**clerk, "demo"};
  struct DemoLetter {
    uint64_t unit;
    Direction direction;
    const char* book;
    const char* number;
    const char* subject;
    const char* from;
  };
  const DemoLetter letters[] = {
      {1, Direction::kIncoming, "receive", "323/ປທສ",
       "ແຈ້ງການ ກ່ຽວກັບການກະກຽມກອງປະຊຸມປະຈຳປີ", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ"},
      {1, Direction::kIncoming, "receive", "พง 0017.2/ว5500",
       "ขอเชิญประชุมคณะกรรมการระบบสารบรรณอิเล็กทรอนิกส์", "สำนักงานจังหวัดพังงา"},
      {ids[1], Direction::kIncoming, "receive", "UNESCO/2024/17",
       "Invitation to the regional workshop on school libraries", "UNESCO Bangkok Office"},
      {1, Direction::kOutgoing, "send_normal", "", "ລາຍງານຜົນການປະຕິບັດວຽກງານ ໄຕມາດທີ 1",
       "ຫ້ອງການ"},
  };
  for (const auto& l : letters) {
    services::LetterFields f;
    f.direction = l.direction;
    f.book = l.book;
    f.document_no = l.number;
    f.subject = l.subject;
    f.from = l.from;
    auto letter = services::CreateLetter(store, registrar, l.unit, f, true);
    if (!letter) return letter.error();
  }
  return Status::Ok();
}

}  // namespace saraban::cli
