#include "letter_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace saraban::bench {
namespace {

using Words = std::vector<std::string>;

// The phrase stock of one language. Qualifiers, remarks and number formats
// may hold placeholders, filled per letter: {year} (CE), {be} (Buddhist Era),
// {fy} (Thai fiscal year, BE), {day}, {month} (name in the language), {n}
// (a small ordinal), {q} (quarter), {num} (a document serial number).
struct Vocabulary {
  Words actions;     // what the letter does
  Words topics;      // what it is about
  Words qualifiers;  // when, where, for whom
  Words senders;     // other offices and organisations
  Words own_units;   // our office's units (senders of outgoing letters)
  Words recipients;  // titles addressed by incoming letters
  Words remarks;     // the registrar's notes
  Words number_formats;
  std::array<const char*, 12> months;
  Words query_words;
  Words query_phrases;
  Words compound_pieces;
};

const Vocabulary& Lao() {
  static const Vocabulary v{
      .actions = {"ແຈ້ງການ ກ່ຽວກັບ",
                  "ເຊີນເຂົ້າຮ່ວມ",
                  "ຂໍອະນຸຍາດ",
                  "ລາຍງານ",
                  "ສະເໜີ",
                  "ຂໍຄວາມຮ່ວມມື ກ່ຽວກັບ",
                  "ຂໍອະນຸມັດ",
                  "ແຈ້ງເຕືອນ ກ່ຽວກັບ",
                  "ສົ່ງບົດລາຍງານ",
                  "ຂໍເລື່ອນ",
                  "ຢັ້ງຢືນ",
                  "ຂໍສະໜອງຂໍ້ມູນ ກ່ຽວກັບ",
                  "ແຕ່ງຕັ້ງຄະນະຮັບຜິດຊອບ",
                  "ຮັບຮອງ",
                  "ຕອບກັບ ກ່ຽວກັບ",
                  "ແຈ້ງຜົນ",
                  "ຂໍງົບປະມານ ສຳລັບ",
                  "ຂໍທົບທວນ",
                  "ມອບໝາຍວຽກງານ ກ່ຽວກັບ",
                  "ຕິດຕາມ",
                  "ຂໍປ່ຽນແປງ",
                  "ເຜີຍແຜ່"},
      .topics = {"ກອງປະຊຸມສະຫຼຸບວຽກງານປະຈຳປີ",
                 "ການປະຕິບັດແຜນງົບປະມານ",
                 "ການຝຶກອົບຮົມພະນັກງານວິຊາການ",
                 "ການນຳໃຊ້ລະບົບຫ້ອງການທັນສະໄໝ",
                 "ການຄຸ້ມຄອງເອກະສານຂາເຂົ້າ-ຂາອອກ",
                 "ການເກັບກຳຂໍ້ມູນສະຖິຕິພະນັກງານ",
                 "ການສ້ອມແປງອາຄານຫ້ອງການ",
                 "ການນຳໃຊ້ຫ້ອງປະຊຸມໃຫຍ່",
                 "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ 5 ປີ",
                 "ການກວດກາການເງິນ ແລະ ບັນຊີ",
                 "ການກໍ່ສ້າງໂຮງຮຽນປະຖົມ",
                 "ການສັກຢາກັນພະຍາດໃຫ້ເດັກນ້ອຍ",
                 "ການປ້ອງກັນໄພພິບັດທຳມະຊາດ",
                 "ການຍົກລະດັບຄວາມຮູ້ພະນັກງານ",
                 "ການສອບເສັງເຂົ້າຮັບລັດຖະກອນໃໝ່",
                 "ການຈັດຊື້ອຸປະກອນຄອມພິວເຕີ",
                 "ການເລື່ອນຊັ້ນເງິນເດືອນ",
                 "ການກະກຽມງານບຸນທາດຫຼວງ",
                 "ການສະເຫຼີມສະຫຼອງວັນຊາດ",
                 "ການຈັດຕັ້ງປະຕິບັດມະຕິກອງປະຊຸມ",
                 "ການຄຸ້ມຄອງທີ່ດິນ ແລະ ສິ່ງແວດລ້ອມ",
                 "ໂຄງການນ້ຳສະອາດຊົນນະບົດ",
                 "ການເກັບລາຍຮັບເຂົ້າງົບປະມານ",
                 "ທຶນການສຶກສາຕໍ່ຕ່າງປະເທດ",
                 "ການປະເມີນຜົນການປະຕິບັດໜ້າທີ່",
                 "ການເຜີຍແຜ່ກົດໝາຍ",
                 "ແຜນການຈັດຊື້-ຈັດຈ້າງ",
                 "ການມອບໝາຍວຽກງານໃຫ້ແກ່ພະນັກງານ",
                 "ການສ້າງແຟ້ມເອກະສານ",
                 "ການພັດທະນາເຕັກໂນໂລຊີ ການສື່ສານຂໍ້ມູນຂ່າວສານ",
                 "ການສ້ອມແປງເສັ້ນທາງ",
                 "ການປ້ອງກັນພະຍາດໄຂ້ຍຸງລາຍ"},
      .qualifiers = {"ປະຈຳປີ {year}", "ໄຕມາດທີ {q} ປີ {year}", "ສົກປີ {year}",
                     "ຂອງພະແນກສຶກສາທິການ ແລະ ກິລາ", "ຂອງແຂວງວຽງຈັນ", "ທົ່ວນະຄອນຫຼວງວຽງຈັນ",
                     "ໃນວັນທີ {day} {month} {year}", "ທີ່ຫ້ອງປະຊຸມໃຫຍ່ ຂອງຫ້ອງວ່າການແຂວງ",
                     "ຕາມມະຕິກອງປະຊຸມລັດຖະບານ", "ເພື່ອພິຈາລະນາ ແລະ ຕົກລົງ", "ຂັ້ນແຂວງ ແລະ ຂັ້ນເມືອງ",
                     "ໃຫ້ສຳເລັດພາຍໃນທ້າຍເດືອນ{month}", "ຮອບທີ {n}", "ສຳລັບພະນັກງານໃໝ່", "ຢູ່ເມືອງໄຊທານີ",
                     "ຂອງກະຊວງສຶກສາທິການ ແລະ ກິລາ", "ຄັ້ງທີ {n}/{year}", "ຕາມແຜນພັດທະນາ 5 ປີ",
                     "ໃນຂອບເຂດທົ່ວແຂວງ"},
      .senders = {"ກະຊວງສຶກສາທິການ ແລະ ກິລາ",
                  "ກະຊວງສາທາລະນະສຸກ",
                  "ກະຊວງການເງິນ",
                  "ກະຊວງພາຍໃນ",
                  "ກະຊວງເຕັກໂນໂລຊີ ແລະ ການສື່ສານ",
                  "ກະຊວງກະສິກຳ ແລະ ປ່າໄມ້",
                  "ກະຊວງແຜນການ ແລະ ການລົງທຶນ",
                  "ກະຊວງ ໄປສະນີ, ໂທລະຄົມມະນາຄົມ ແລະ ການສື່ສານ",
                  "ພະແນກການເງິນ ແຂວງວຽງຈັນ",
                  "ພະແນກສຶກສາທິການ ແລະ ກິລາ ແຂວງຫຼວງພະບາງ",
                  "ຫ້ອງການປົກຄອງ ເມືອງໄຊທານີ",
                  "ຫ້ອງວ່າການແຂວງຈຳປາສັກ",
                  "ຫ້ອງການນະຄອນຫຼວງວຽງຈັນ",
                  "ກົມຈັດຕັ້ງ ແລະ ພະນັກງານ",
                  "ສູນລັດຖະບານດິຈິຕອນ",
                  "ພະແນກໂຍທາທິການ ແລະ ຂົນສົ່ງ ແຂວງສະຫວັນນະເຂດ",
                  "ທະນາຄານແຫ່ງ ສປປ ລາວ",
                  "ພະແນກສາທາລະນະສຸກ ແຂວງບໍລິຄຳໄຊ",
                  "ສະພາແຫ່ງຊາດ",
                  "ຫ້ອງວ່າການສຳນັກງານນາຍົກລັດຖະມົນຕີ"},
      .own_units = {"ຫ້ອງວ່າການແຂວງວຽງຈັນ", "ພະແນກແຜນການ ແລະ ການລົງທຶນ ແຂວງວຽງຈັນ",
                    "ພະແນກພາຍໃນ ແຂວງວຽງຈັນ", "ຂະແໜງບໍລິຫານ ຫ້ອງວ່າການແຂວງ"},
      .recipients = {"ທ່ານເຈົ້າແຂວງ", "ຫົວໜ້າຫ້ອງວ່າການແຂວງ", "ຫົວໜ້າພະແນກທຸກພະແນກ", "ຫົວໜ້າຫ້ອງການ",
                     "ເຈົ້າເມືອງໄຊທານີ", "ຫົວໜ້າກົມ", "ຫົວໜ້າຂະແໜງແຜນການ"},
      .remarks = {"ສົ່ງຕໍ່ໃຫ້ພະແນກບໍລິຫານ", "ຕອບກັບພາຍໃນ 7 ວັນ", "ສຳເນົາເຖິງທຸກພະແນກ",
                  "ຫົວໜ້າຫ້ອງການ ຮັບຊາບ ແລະ ມອບໃຫ້ຂະແໜງແຜນການ", "ເກັບເຂົ້າແຟ້ມເອກະສານ",
                  "ມີເອກະສານຊ້ອນທ້າຍ {n} ສະບັບ", "ຕົ້ນສະບັບສົ່ງທາງໄປສະນີ", "ລໍຖ້າຄຳເຫັນຂອງຫົວໜ້າ"},
      .number_formats = {"{num}/ປທສ", "{num}/ສສ", "{num}/ພກງ", "{num}/ຫປກ", "{num}/ກງ",
                         "{num}/ສທ.ກທ", "{num}/ກສຊ", "{num}/ຈຕ", "{num}/ທລ", "ເລກທີ {num}/ກຊ",
                         "{num}/ນວ", "{num}/ຫວຂ"},
      .months = {"ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ",
                 "ພະຈິກ", "ທັນວາ"},
      .query_words = {"ກອງປະຊຸມ", "ງົບປະມານ", "ພະນັກງານ", "ເອກະສານ", "ໂຮງຮຽນ",  "ຝຶກອົບຮົມ", "ແຜນການ",
                      "ກະຊວງ",   "ແຂວງ",    "ສະຖິຕິ",    "ກວດກາ",   "ລາຍງານ",  "ຫ້ອງການ", "ການເງິນ",
                      "ອຸປະກອນ",  "ທີ່ດິນ",     "ພະຍາດ",   "ກົດໝາຍ",   "ຄອມພິວເຕີ", "ເງິນເດືອນ"},
      .query_phrases = {"ກອງປະຊຸມສະຫຼຸບວຽກງານ", "ລະບົບຫ້ອງການທັນສະໄໝ", "ແຜນງົບປະມານ", "ການຝຶກອົບຮົມພະນັກງານ",
                        "ໂຄງການນ້ຳສະອາດ", "ກະຊວງການເງິນ"},
      .compound_pieces = {"ສຶກສາ", "ທັນສະໄໝ", "ສາທາລະນະ", "ອົບຮົມ", "ສະອາດ", "ພິບັດ"},
  };
  return v;
}

const Vocabulary& Thai() {
  static const Vocabulary v{
      .actions = {"ขอเชิญเข้าร่วม",
                  "ขอความอนุเคราะห์ข้อมูลเกี่ยวกับ",
                  "ขอความร่วมมือดำเนินการ",
                  "แจ้ง",
                  "ขอส่งรายงาน",
                  "ขออนุมัติดำเนินการ",
                  "ประชาสัมพันธ์",
                  "รายงานผล",
                  "ขอเลื่อนกำหนด",
                  "ขอยกเลิก",
                  "ขอแจ้งผล",
                  "ขอให้ตรวจสอบ",
                  "ขอความเห็นเกี่ยวกับ",
                  "ซักซ้อมแนวทาง",
                  "แต่งตั้งคณะทำงาน",
                  "ขอเบิกเงินค่าใช้จ่าย",
                  "ขอส่งสำเนา",
                  "ติดตามผล",
                  "ขอรับการสนับสนุน",
                  "ขออนุญาตใช้สถานที่จัด"},
      .topics = {"การประชุมคณะกรรมการบริหารจังหวัด",
                 "โครงการฝึกอบรมเชิงปฏิบัติการ",
                 "แผนปฏิบัติราชการ",
                 "การใช้จ่ายงบประมาณ",
                 "ระบบสารบรรณอิเล็กทรอนิกส์",
                 "การจัดซื้อจัดจ้างภาครัฐ",
                 "ผลการดำเนินงานตามตัวชี้วัด",
                 "ข้อมูลบุคลากร เพื่อประกอบการจัดทำแผนอัตรากำลัง 3 ปี",
                 "การตรวจราชการของผู้ตรวจราชการกระทรวง",
                 "การเบิกจ่ายเงินงบประมาณ",
                 "การป้องกันและบรรเทาสาธารณภัย",
                 "การประเมินผลการปฏิบัติราชการ",
                 "การจัดงานวันเด็กแห่งชาติ",
                 "ข้อมูลสถิติประชากร",
                 "การซ่อมแซมอาคารสำนักงาน",
                 "การจองห้องประชุม",
                 "การพัฒนาบุคลากร",
                 "มาตรการประหยัดพลังงาน",
                 "การรับ-ส่งหนังสือราชการ",
                 "การป้องกันและปราบปรามการทุจริต",
                 "การลดใช้กระดาษในสำนักงาน",
                 "การสอบคัดเลือกพนักงานราชการ",
                 "การเลื่อนเงินเดือนข้าราชการ",
                 "โครงการจังหวัดเคลื่อนที่",
                 "การส่งเสริมการท่องเที่ยว",
                 "การควบคุมโรคไข้เลือดออก",
                 "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
                 "ระบบติดตามแฟ้มเสนอลงนาม",
                 "การออกเลขทะเบียนคุมสัญญา",
                 "การปฏิบัติงานของศูนย์ดำรงธรรม"},
      .qualifiers = {"ประจำปีงบประมาณ พ.ศ. {fy}", "ครั้งที่ {n}/{be}", "ไตรมาสที่ {q}",
                     "ของส่วนราชการในจังหวัดพังงา", "ระดับจังหวัด", "ตามมติคณะรัฐมนตรี",
                     "ในวันที่ {day} {month} {be}", "ณ ห้องประชุมศาลากลางจังหวัด", "เพื่อประกอบการพิจารณา",
                     "ให้แล้วเสร็จภายในกำหนด", "ทุกอำเภอ", "รอบที่ {n}", "ผ่านระบบ E-Office",
                     "ของสำนักงานจังหวัดพังงา", "ประจำเดือน{month} {be}", "ในพื้นที่จังหวัดนครพนม"},
      .senders = {"สำนักงานจังหวัดพังงา", "กรมส่งเสริมการปกครองท้องถิ่น", "สำนักงานตรวจเงินแผ่นดินภูมิภาคที่ 14",
                  "ที่ทำการปกครองจังหวัดพังงา", "สำนักงานสาธารณสุขจังหวัดพังงา",
                  "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพังงา", "กระทรวงมหาดไทย",
                  "สำนักงานคณะกรรมการพัฒนาระบบราชการ", "สำนักงานคลังจังหวัดพังงา",
                  "องค์การบริหารส่วนจังหวัดพังงา", "เทศบาลเมืองพังงา", "ที่ว่าการอำเภอตะกั่วป่า",
                  "สำนักงานพัฒนาชุมชนจังหวัดพังงา", "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดพังงา",
                  "สำนักงานจังหวัดนครพนม", "สำนักงานที่ดินจังหวัดนครพนม", "สำนักงานการท่องเที่ยวและกีฬาจังหวัดพังงา",
                  "สำนักงานศึกษาธิการจังหวัดพังงา"},
      .own_units = {"กลุ่มงานอำนวยการ สำนักงานจังหวัดพังงา", "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
                    "สำนักงานจังหวัดพังงา"},
      .recipients = {"ผู้ว่าราชการจังหวัดพังงา", "นายอำเภอทุกอำเภอ", "หัวหน้าส่วนราชการทุกส่วน", "ปลัดจังหวัดพังงา",
                     "นายกองค์การบริหารส่วนจังหวัดพังงา", "หัวหน้าสำนักงานจังหวัดพังงา", "อธิบดีกรมการปกครอง"},
      .remarks = {"ส่งต่อกลุ่มงานอำนวยการ", "ตอบกลับภายใน 7 วัน", "สำเนาแจ้งทุกอำเภอ",
                  "เสนอผู้ว่าราชการจังหวัดเพื่อโปรดทราบ", "เก็บเข้าแฟ้ม", "มีสิ่งที่ส่งมาด้วย {n} ฉบับ",
                  "มอบกลุ่มงานยุทธศาสตร์ฯ ดำเนินการ", "ต้นฉบับส่งทางไปรษณีย์"},
      .number_formats = {"พง 0017.2/ว{num}", "พง 0023.4/{num}", "มท 0809.3/ว{num}", "ตผ 0044/{num}",
                         "นร 1200/ว{num}", "กค 0402.2/ว{num}", "ศธ 04002/{num}", "สธ 0232/ว{num}",
                         "นพ 0017.1/{num}", "พง 51001/{num}"},
      .months = {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                 "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"},
      .query_words = {"ประชุม", "งบประมาณ", "สารบรรณ", "บุคลากร", "อบรม", "โครงการ", "จังหวัด", "ข้อมูล",
                      "พัฒนา", "ทุจริต", "ท่องเที่ยว", "พลังงาน", "ภาษี", "คณะกรรมการ", "อำเภอ",
                      "ไข้เลือดออก", "ราชการ", "สัญญา"},
      .query_phrases = {"ระบบสารบรรณอิเล็กทรอนิกส์", "แผนปฏิบัติราชการ", "การจัดซื้อจัดจ้างภาครัฐ",
                        "ห้องประชุมศาลากลางจังหวัด", "สำนักงานจังหวัดพังงา", "ศูนย์ดำรงธรรม"},
      .compound_pieces = {"สาธารณ", "ปกครอง", "ทะเบียน", "ปฏิบัติ", "ตรวจเงิน", "ลงนาม"},
  };
  return v;
}

const Vocabulary& English() {
  static const Vocabulary v{
      .actions = {"Invitation to", "Request for information on", "Notice of", "Submission of",
                  "Approval of", "Report on", "Reminder about", "Follow-up on",
                  "Nomination of participants for", "Postponement of", "Confirmation of",
                  "Proposal for", "Minutes of"},
      .topics = {"the regional workshop on school libraries",
                 "statistics on primary school enrolment", "the audit of project accounts",
                 "the document search pilot", "the provincial training on records management",
                 "the annual coordination meeting", "the rural water supply project",
                 "the digital government strategy", "the procurement of computer equipment",
                 "the disaster preparedness exercise", "the measles vaccination campaign",
                 "the road maintenance programme", "the budget execution report",
                 "the scholarship programme", "the land registration survey",
                 "the relocation of the document registry"},
      .qualifiers = {"for the fiscal year {year}", "in Vientiane Capital", "in Phang Nga Province",
                     "from {day} to {day2} {month} {year}", "for quarter {q} of {year}",
                     "under the Mekong cooperation framework", "before {day} {month} {year}",
                     "with the Ministry of Education and Sports", "at the provincial hall",
                     "round {n}"},
      .senders = {"UNESCO Bangkok Office", "UNICEF Lao PDR", "Asian Development Bank",
                  "World Bank Lao PDR", "Embassy of Japan", "JICA Laos Office", "UNDP Thailand",
                  "WHO Country Office for Lao PDR", "Australian Embassy Vientiane", "GIZ Laos",
                  "Mekong River Commission Secretariat", "ASEAN Secretariat",
                  "Digital Government Centre"},
      .own_units = {"Vientiane Provincial Governor's Office", "Phang Nga Provincial Office"},
      .recipients = {"Provincial Governor", "Director of the Provincial Office",
                     "Head of the Planning Division", "Director General"},
      .remarks = {"Forward to the planning division", "Reply within 7 days",
                  "Copy to all districts", "File for information", "Attachments: {n} documents"},
      .number_formats = {"MOE/{year}/{num}", "UNICEF/LAO/{year}/{num}", "ADB/LAO/{num}",
                         "No. {num}/DGC", "WB/VTE/{year}-{num}", "JICA/LAO/{num}"},
      .months = {"January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"},
      .query_words = {"workshop", "audit", "statistics", "school", "meeting", "budget", "training",
                      "water", "procurement", "vaccination", "scholarship", "survey", "library",
                      "invitation", "registry"},
      .query_phrases = {"regional workshop", "project accounts", "fiscal year",
                        "computer equipment", "records management"},
      .compound_pieces = {},
  };
  return v;
}

const Vocabulary& VocabularyOf(Language language) {
  switch (language) {
    case Language::kLao:
      return Lao();
    case Language::kThai:
      return Thai();
    case Language::kEnglish:
      break;
  }
  return English();
}

void ReplaceAll(std::string* s, std::string_view from, const std::string& to) {
  for (size_t pos = s->find(from); pos != std::string::npos; pos = s->find(from, pos + to.size())) {
    s->replace(pos, from.size(), to);
  }
}

// The values that fill the placeholders of one letter.
struct Fill {
  int year = 2026, month = 1, day = 1;
  int n = 1, q = 1, num = 1, day2 = 2;
  const Vocabulary* vocabulary = nullptr;

  std::string Apply(std::string text) const {
    if (text.find('{') == std::string::npos) return text;
    const int be = year + 543;
    ReplaceAll(&text, "{year}", std::to_string(year));
    ReplaceAll(&text, "{be}", std::to_string(be));
    ReplaceAll(&text, "{fy}", std::to_string(month >= 10 ? be + 1 : be));
    ReplaceAll(&text, "{day2}", std::to_string(day2));
    ReplaceAll(&text, "{day}", std::to_string(day));
    ReplaceAll(&text, "{month}", vocabulary->months[static_cast<size_t>(month - 1)]);
    ReplaceAll(&text, "{n}", std::to_string(n));
    ReplaceAll(&text, "{q}", std::to_string(q));
    ReplaceAll(&text, "{num}", std::to_string(num));
    return text;
  }
};

// Words in `text`: space-separated tokens for English; for Thai and Lao,
// which write words without spaces, about one word per five code points of
// each token (the average of the word breaker's output on our vocabulary).
int EstimateWords(std::string_view text) {
  int words = 0;
  size_t token_chars = 0;
  bool thai_lao = false;
  auto end_token = [&] {
    if (token_chars > 0) words += thai_lao ? static_cast<int>((token_chars + 4) / 5) : 1;
    token_chars = 0;
    thai_lao = false;
  };
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      end_token();
    } else if ((c & 0xc0) != 0x80) {
      ++token_chars;
      if (c == 0xe0) thai_lao = true;  // lead byte of U+0E00..U+0FFF
    }
  }
  end_token();
  return words;
}

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string_view LanguageName(Language language) {
  switch (language) {
    case Language::kLao:
      return "lao";
    case Language::kThai:
      return "tha";
    case Language::kEnglish:
      break;
  }
  return "eng";
}

GeneratedLetter GenerateLetter(uint64_t seed, uint64_t index) {
  // Mix the seed and the index so that neighbouring letters are unrelated.
  Rng rng(Rng(seed ^ (index * 0xd1342543de82ef95ull)).Next());
  GeneratedLetter l;
  const uint64_t lang = rng.Below(100);
  l.language = lang < 45 ? Language::kLao : lang < 90 ? Language::kThai : Language::kEnglish;
  const Vocabulary& v = VocabularyOf(l.language);

  Fill fill;
  fill.vocabulary = &v;
  // Document dates from 2025-01-01 to 2026-11-20 (days 1..28 keep it simple).
  fill.year = rng.Chance(45) ? 2025 : 2026;
  fill.month = static_cast<int>(rng.Below(fill.year == 2026 ? 11 : 12)) + 1;
  fill.day = static_cast<int>(rng.Below(fill.year == 2026 && fill.month == 11 ? 20 : 25)) + 1;
  fill.day2 = fill.day + static_cast<int>(rng.Below(3)) + 1;
  fill.n = static_cast<int>(rng.Below(4)) + 1;
  fill.q = (fill.month - 1) / 3 + 1;
  fill.num = static_cast<int>(rng.Below(rng.Chance(70) ? 999 : 9999)) + 1;
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", fill.year, fill.month, fill.day);
  l.document_date = date;

  const bool outgoing = rng.Chance(20);
  l.book = outgoing ? "send_normal" : "receive";
  l.direction = outgoing ? "outgoing" : "incoming";
  const uint64_t urgency = rng.Below(100);
  l.urgency = urgency < 80   ? "normal"
              : urgency < 92 ? "urgent"
              : urgency < 98 ? "very_urgent"
                             : "most_urgent";
  const uint64_t secrecy = rng.Below(100);
  l.secrecy = secrecy < 90   ? "normal"
              : secrecy < 96 ? "confidential"
              : secrecy < 99 ? "secret"
                             : "top_secret";

  // Subject: action, topic, then one to three distinct qualifiers, as many
  // as keep it within 20 words.
  l.subject = rng.Pick(v.actions) + " " + rng.Pick(v.topics);
  const uint64_t shape = rng.Below(100);
  const int qualifiers = shape < 40 ? 1 : shape < 85 ? 2 : 3;
  std::vector<size_t> used;
  for (int k = 0; k < qualifiers; ++k) {
    size_t pick = rng.Below(v.qualifiers.size());
    while (std::find(used.begin(), used.end(), pick) != used.end()) {
      pick = (pick + 1) % v.qualifiers.size();
    }
    used.push_back(pick);
    const std::string longer = l.subject + " " + fill.Apply(v.qualifiers[pick]);
    if (k > 0 && EstimateWords(longer) > 20) break;
    l.subject = longer;
  }

  const std::string& other = rng.Pick(v.senders);
  if (outgoing) {
    l.from = rng.Pick(v.own_units);
    l.to = other;
  } else {
    l.from = other;
    l.to = rng.Pick(v.recipients);
  }
  l.document_no = fill.Apply(rng.Pick(v.number_formats));
  if (rng.Chance(40)) l.remarks = fill.Apply(rng.Pick(v.remarks));
  return l;
}

nlohmann::json LetterRequestJson(const GeneratedLetter& l, uint64_t unit_id) {
  nlohmann::json body = {{"unit_id", unit_id},
                         {"book", l.book},
                         {"direction", l.direction},
                         {"subject", l.subject},
                         {"from", l.from},
                         {"to", l.to},
                         {"document_no", l.document_no},
                         {"document_date", l.document_date},
                         {"urgency", l.urgency},
                         {"secrecy", l.secrecy}};
  if (!l.remarks.empty()) body["remarks"] = l.remarks;
  return body;
}

const std::vector<std::string>& QueryWords(Language language) {
  return VocabularyOf(language).query_words;
}

const std::vector<std::string>& QueryPhrases(Language language) {
  return VocabularyOf(language).query_phrases;
}

const std::vector<std::string>& CompoundPieces(Language language) {
  return VocabularyOf(language).compound_pieces;
}

}  // namespace saraban::bench
