"""Deterministic demo data: one provincial government, 8 OPD and about 300 pegawai.

Everything is fictional and generated from a fixed seed. The organisation tree,
the positions, who sits where and the NIPs depend at most on the year of
``today`` (so the demo accounts stay the same all calendar year); assignment,
mutasi and announcement dates are counted back or forward from ``today`` itself.

``python -m ekinerja.demo.seed`` fills a migrated, empty database and leaves a
database that already has employees alone. ``--json`` prints the demo accounts
as one JSON line (the browser tests read it).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.demo.accounts import DemoAccount, DemoAccounts
from ekinerja.demo.activity_seed import seed_activities
from ekinerja.demo.angka_kredit_seed import seed_angka_kredit
from ekinerja.demo.attendance_seed import seed_attendance
from ekinerja.demo.dialog_seed import seed_dialog
from ekinerja.demo.insight_seed import seed_insights
from ekinerja.demo.performance_seed import seed_performance
from ekinerja.demo.skp_seed import seed_skp
from ekinerja.domain.dates import format_day, month_label
from ekinerja.domain.names import display_name
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import (
    Announcement,
    Employee,
    EmployeeRole,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.services.auth import hash_password, initial_password_hash
from ekinerja.services.org import bump_org_revision

SEED = 7303  # any fixed number; 73 is Sulawesi Selatan's province code
DEMO_PASSWORD = "Ekinerja2026"
HASH_ROUNDS = 4  # keeps seeding fast; login rehashes at the configured cost
TOTAL_EMPLOYEES = 300
PPPK_SHARE = 0.15
MIN_STAFF_PER_SUBBIDANG = 2
MUTASI_COUNT = 5

# ---------------------------------------------------------------------------
# Organisation: instansi > OPD > bidang > sub-bidang
# ---------------------------------------------------------------------------

INSTANSI_CODE = "PEMPROV-SULSEL"
INSTANSI_NAME = "Pemerintah Provinsi Sulawesi Selatan"
UNIT_CODE_PREFIX = "SULSEL"

# (code, name, default discipline, ((bidang, (sub-bidang, ...)), ...)).
# The head of the Sekretariat Daerah is the Sekretaris Daerah, the top of the tree.
OPDS = (
    ("SETDA", "Sekretariat Daerah", "organisasi", (
        ("Biro Umum", ("Bagian Tata Usaha Pimpinan", "Bagian Rumah Tangga", "Bagian Perlengkapan")),
        ("Biro Hukum", ("Bagian Perundang-undangan", "Bagian Bantuan Hukum")),
        ("Biro Organisasi", ("Bagian Kelembagaan dan Analisis Jabatan", "Bagian Reformasi Birokrasi")),
        ("Biro Pemerintahan dan Otonomi Daerah", ("Bagian Otonomi Daerah dan Kerja Sama",)),
    )),
    ("BKD", "Badan Kepegawaian Daerah", "kepegawaian", (
        ("Sekretariat", ("Subbagian Perencanaan dan Keuangan", "Subbagian Umum dan Kepegawaian")),
        ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", (
            "Subbidang Pengadaan dan Pemberhentian",
            "Subbidang Data dan Informasi Kepegawaian",
        )),
        ("Bidang Mutasi dan Promosi", ("Subbidang Mutasi", "Subbidang Promosi dan Pengembangan Karier")),
        ("Bidang Administrasi Kepegawaian", ("Subbidang Kepangkatan", "Subbidang Kesejahteraan dan Disiplin Pegawai")),
    )),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "keuangan", (
        ("Sekretariat", ("Subbagian Umum dan Kepegawaian", "Subbagian Program dan Pelaporan")),
        ("Bidang Anggaran", ("Subbidang Anggaran Belanja", "Subbidang Anggaran Pendapatan dan Pembiayaan")),
        ("Bidang Perbendaharaan", ("Subbidang Pengelolaan Kas Daerah", "Subbidang Belanja dan Pembiayaan")),
        ("Bidang Aset", ("Subbidang Penatausahaan Aset", "Subbidang Pemanfaatan Aset", "Subbidang Pengamanan Aset")),
    )),
    ("DISDIK", "Dinas Pendidikan", "pendidikan", (
        ("Sekretariat", ("Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Program dan Pelaporan")),
        ("Bidang Pembinaan SMA", (
            "Seksi Kurikulum dan Penilaian SMA",
            "Seksi Peserta Didik dan Pembangunan Karakter SMA",
        )),
        ("Bidang Pembinaan SMK", ("Seksi Kurikulum dan Penilaian SMK", "Seksi Sarana dan Prasarana SMK")),
        ("Bidang Guru dan Tenaga Kependidikan", (
            "Seksi Guru dan Tenaga Kependidikan SMA",
            "Seksi Guru dan Tenaga Kependidikan SMK",
        )),
    )),
    ("DINKES", "Dinas Kesehatan", "kesehatan", (
        ("Sekretariat", ("Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Program dan Informasi")),
        ("Bidang Pelayanan Kesehatan", ("Seksi Pelayanan Kesehatan Primer", "Seksi Pelayanan Kesehatan Rujukan")),
        ("Bidang Pencegahan dan Pengendalian Penyakit", (
            "Seksi Surveilans dan Imunisasi",
            "Seksi Pengendalian Penyakit Menular",
        )),
        ("Bidang Kesehatan Masyarakat", ("Seksi Kesehatan Keluarga dan Gizi Masyarakat", "Seksi Promosi Kesehatan")),
    )),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "ti", (
        ("Sekretariat", ("Subbagian Perencanaan dan Keuangan", "Subbagian Umum dan Kepegawaian")),
        ("Bidang Aplikasi Informatika", (
            "Seksi Pengembangan Aplikasi",
            "Seksi Tata Kelola E-Government",
            "Seksi Infrastruktur Teknologi Informasi",
        )),
        ("Bidang Informasi dan Komunikasi Publik", (
            "Seksi Pengelolaan Informasi Publik",
            "Seksi Komunikasi Publik dan Media",
        )),
        ("Bidang Statistik dan Persandian", ("Seksi Statistik Sektoral", "Seksi Persandian dan Keamanan Informasi")),
    )),
    ("DPUTR", "Dinas Pekerjaan Umum dan Tata Ruang", "teknik", (
        ("Sekretariat", ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan")),
        ("Bidang Bina Marga", ("Seksi Pembangunan Jalan dan Jembatan", "Seksi Preservasi Jalan dan Jembatan")),
        ("Bidang Cipta Karya", ("Seksi Penataan Bangunan dan Lingkungan", "Seksi Air Minum dan Sanitasi")),
        ("Bidang Tata Ruang", ("Seksi Perencanaan Tata Ruang", "Seksi Pengendalian Pemanfaatan Ruang")),
    )),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "perencanaan", (
        ("Sekretariat", ("Subbagian Umum, Kepegawaian dan Keuangan",)),
        ("Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan", (
            "Subbidang Perencanaan Pembangunan",
            "Subbidang Pengendalian dan Evaluasi",
        )),
        ("Bidang Perekonomian dan Sumber Daya Alam", (
            "Subbidang Pertanian dan Kelautan",
            "Subbidang Industri dan Pariwisata",
        )),
    )),
)

# Exactly one Kepala Bidang position stays vacant; the Kepala Bidang of
# PLT_BIDANG (same OPD) acts for it as Plt.
VACANT_BIDANG = "Bidang Cipta Karya"
PLT_BIDANG = "Bidang Bina Marga"

# Where the demo accounts sit (unit names that occur once in the tree). The
# Kepala Bidang and Kepala OPD demo accounts head the bidang and OPD above STAF_UNIT.
ADMIN_UNIT = "Subbidang Data dan Informasi Kepegawaian"
STAF_UNIT = "Seksi Pengembangan Aplikasi"
CADANGAN_UNIT = "Subbidang Anggaran Belanja"


@dataclass(frozen=True)
class Gelar:
    depan: str
    belakang: str
    graduate: bool  # S1 or higher, so a PNS starts at golongan III/a


@dataclass(frozen=True)
class DemoPerson:
    gender: str  # "L" or "P"
    name: str
    gelar: Gelar


DEMO_PEOPLE = {
    "admin": DemoPerson("L", "Muhammad Ikhsan Saputra", Gelar("", "S.Kom.", True)),
    "kepala_opd": DemoPerson("L", "Andi Rahmat Mappiasse", Gelar("Dr.", "S.Kom., M.T.", True)),
    "kepala_bidang": DemoPerson("P", "Sitti Nurhaliza Amir", Gelar("", "S.T., M.Kom.", True)),
    "staf": DemoPerson("L", "Ahmad Fauzan Rahman", Gelar("", "A.Md.Kom.", False)),
    "staf_baru": DemoPerson("P", "Nurul Fadhilah Hamzah", Gelar("", "S.Kom.", True)),
    "staf_cadangan": DemoPerson("L", "Rudi Hartono Saleh", Gelar("", "S.E.", True)),
}
# The others keep the initial password (the NIP's first eight digits) and must change it.
ROLES_WITH_DEMO_PASSWORD = ("admin", "kepala_opd", "kepala_bidang", "staf", "kepala_seksi")

# ---------------------------------------------------------------------------
# Positions, ranks and careers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    title_prefix: str
    eselon: str
    kelas: tuple[int, ...]
    profile: str  # key of PROFILES


# Structural positions by the start of their title; the first match wins.
GRADES = (
    Grade("Sekretaris Daerah", "I.b", (16,), "sekda"),
    Grade("Kepala Biro", "II.b", (14,), "kepala_opd"),
    Grade("Kepala Bagian", "III.a", (12,), "kepala_bidang"),
    Grade("Sekretaris", "III.a", (12,), "kepala_bidang"),
    Grade("Kepala Bidang", "III.a", (11, 12), "kepala_bidang"),
    Grade("Kepala Subbagian", "IV.a", (8, 9), "kepala_subbidang"),
    Grade("Kepala Subbidang", "IV.a", (8, 9), "kepala_subbidang"),
    Grade("Kepala Seksi", "IV.a", (8, 9), "kepala_subbidang"),
    Grade("Kepala", "II.a", (14, 15), "kepala_opd"),  # Kepala Dinas, Kepala Badan
)

# PNS golongan ruang, junior to senior.
PANGKAT = (
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)

# PPPK golongan by education, or by jenjang for a fungsional Ahli Muda.
PPPK_GOLONGAN = {"none": "Golongan V", "diploma": "Golongan VII", "graduate": "Golongan IX", "ahli_muda": "Golongan XI"}
PPPK_FIRST_YEAR = 2021  # the province's first PPPK appointments
PNS_MAX_ENTRY_AGE = 35
MIN_ENTRY_AGE = 21  # keeps the TMT more than 20 years after the birth date


@dataclass(frozen=True)
class Profile:
    ages: tuple[int, int]  # age on any day of the year
    service_years: tuple[int, int]  # since TMT CPNS
    golongan: tuple[str, ...]
    education: str  # pelaksana | sarjana | magister | pimpinan
    tenure_years: int  # at most this long in the current position


PROFILES = {
    "sekda": Profile((52, 58), (26, 33), ("IV/d",), "pimpinan", 4),
    "kepala_opd": Profile((46, 58), (20, 32), ("IV/b", "IV/c"), "pimpinan", 5),
    "kepala_bidang": Profile((40, 56), (14, 30), ("III/d", "IV/a"), "magister", 6),
    "kepala_subbidang": Profile((33, 55), (8, 28), ("III/c", "III/d"), "sarjana", 6),
    "fungsional_muda": Profile((32, 56), (8, 28), ("III/c", "III/d"), "sarjana", 8),
    "fungsional_pertama": Profile((24, 45), (1, 15), ("III/a", "III/b"), "sarjana", 6),
    "pelaksana": Profile((22, 58), (1, 35), ("II/c", "II/d", "III/a", "III/b"), "pelaksana", 10),
}
# Chance of a master's degree by education level (pelaksana never get one here).
MAGISTER_ODDS = {"sarjana": 0.15, "magister": 0.65, "pimpinan": 1.0}


@dataclass(frozen=True)
class Discipline:
    """A field of work: the staff positions a unit has and the degrees its people hold."""

    keywords: tuple[str, ...]  # matched against unit names
    pelaksana: tuple[tuple[str, int], ...]  # (name, kelas jabatan)
    fungsional: tuple[str, ...]  # "... Ahli Pertama" (kelas 8) or "... Ahli Muda" (kelas 9)
    sarjana: tuple[str, ...]
    magister: tuple[str, ...]
    diploma: str = "A.Md."
    profesi: str = ""  # gelar depan some seniors carry ("dr.", "Ir.")


# Checked in this order; a unit whose name matches none takes its parent's discipline.
DISCIPLINES = {
    "umum": Discipline(
        keywords=("Umum", "Tata Usaha", "Rumah Tangga", "Perlengkapan"),
        pelaksana=(("Pengadministrasi Perkantoran", 5), ("Pengelola Barang Milik Daerah", 6),
                   ("Penata Layanan Operasional", 7)),
        fungsional=("Arsiparis Ahli Pertama", "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
                    "Pranata Hubungan Masyarakat Ahli Pertama"),
        sarjana=("S.Sos.", "S.AP.", "S.E.", "S.H."),
        magister=("M.Si.", "M.AP."),
    ),
    "keuangan": Discipline(
        keywords=("Keuangan", "Anggaran", "Perbendaharaan", "Kas", "Belanja", "Aset"),
        pelaksana=(("Penata Laporan Keuangan", 7), ("Pengelola Keuangan", 6), ("Pengadministrasi Keuangan", 5)),
        fungsional=("Analis Keuangan Pusat dan Daerah Ahli Pertama", "Analis Keuangan Pusat dan Daerah Ahli Muda",
                    "Penata Kelola Barang Milik Daerah Ahli Pertama"),
        sarjana=("S.E.", "S.Ak."),
        magister=("M.Si.", "M.Ak.", "M.M."),
        diploma="A.Md.Ak.",
    ),
    "hukum": Discipline(
        keywords=("Hukum", "Perundang-undangan"),
        pelaksana=(("Penelaah Teknis Kebijakan", 7), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Perancang Peraturan Perundang-undangan Ahli Pertama", "Analis Hukum Ahli Pertama",
                    "Analis Hukum Ahli Muda"),
        sarjana=("S.H.",),
        magister=("M.H.", "M.Kn."),
    ),
    "kepegawaian": Discipline(
        keywords=("Kepegawaian",),
        pelaksana=(("Pengelola Data", 7), ("Pengadministrasi Perkantoran", 5), ("Penata Layanan Operasional", 7)),
        fungsional=("Analis Sumber Daya Manusia Aparatur Ahli Pertama",
                    "Analis Sumber Daya Manusia Aparatur Ahli Muda", "Pranata Komputer Ahli Pertama"),
        sarjana=("S.Sos.", "S.AP.", "S.Psi.", "S.Kom."),
        magister=("M.Si.", "M.AP.", "M.M."),
    ),
    "humas": Discipline(
        keywords=("Komunikasi Publik", "Informasi Publik"),
        pelaksana=(("Pengelola Informasi Publik", 6), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Pranata Hubungan Masyarakat Ahli Pertama", "Pranata Hubungan Masyarakat Ahli Muda",
                    "Analis Kebijakan Ahli Pertama"),
        sarjana=("S.I.Kom.", "S.Sos."),
        magister=("M.I.Kom.", "M.Si."),
    ),
    "statistik": Discipline(
        keywords=("Statistik",),
        pelaksana=(("Pengolah Data dan Informasi", 7), ("Pengelola Data", 7)),
        fungsional=("Statistisi Ahli Pertama", "Statistisi Ahli Muda"),
        sarjana=("S.Stat.", "S.Si."),
        magister=("M.Si.",),
    ),
    "persandian": Discipline(
        keywords=("Persandian", "Keamanan Informasi"),
        pelaksana=(("Pengelola Sistem dan Jaringan", 7), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Sandiman Ahli Pertama", "Sandiman Ahli Muda", "Manggala Informatika Ahli Pertama"),
        sarjana=("S.Kom.", "S.Tr.Sandi."),
        magister=("M.Kom.",),
    ),
    "ti": Discipline(
        keywords=("Informatika", "Aplikasi", "E-Government", "Teknologi Informasi", "Data dan Informasi"),
        pelaksana=(("Pengelola Data", 7), ("Pengelola Sistem dan Jaringan", 7), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda", "Manggala Informatika Ahli Pertama"),
        sarjana=("S.Kom.", "S.T.", "S.Si."),
        magister=("M.Kom.", "M.T."),
        diploma="A.Md.Kom.",
    ),
    "kesehatan": Discipline(
        keywords=("Kesehatan", "Penyakit", "Surveilans", "Gizi"),
        pelaksana=(("Pengelola Data", 7), ("Pengadministrasi Perkantoran", 5), ("Pengelola Program dan Kegiatan", 6)),
        fungsional=("Epidemiolog Kesehatan Ahli Pertama", "Administrator Kesehatan Ahli Pertama",
                    "Administrator Kesehatan Ahli Muda", "Nutrisionis Ahli Pertama"),
        sarjana=("S.K.M.", "S.Kep., Ns.", "S.Gz.", "S.Farm."),
        magister=("M.Kes.", "M.K.M."),
        diploma="A.Md.Kep.",
        profesi="dr.",
    ),
    "pendidikan": Discipline(
        keywords=("SMA", "SMK", "Guru", "Kurikulum", "Peserta Didik"),
        pelaksana=(("Pengolah Data dan Informasi", 7), ("Pengadministrasi Perkantoran", 5),
                   ("Penata Layanan Operasional", 7)),
        fungsional=("Pengembang Teknologi Pembelajaran Ahli Pertama", "Analis Kebijakan Ahli Pertama",
                    "Pengawas Sekolah Ahli Muda"),
        sarjana=("S.Pd.", "S.Pd.I.", "S.Si."),
        magister=("M.Pd.", "M.Si."),
    ),
    "teknik": Discipline(
        keywords=("Jalan", "Jembatan", "Bangunan", "Air Minum", "Ruang", "Bina Marga", "Cipta Karya"),
        pelaksana=(("Pengawas Lapangan", 6), ("Pengolah Data dan Informasi", 7), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Teknik Jalan dan Jembatan Ahli Pertama", "Teknik Tata Bangunan dan Perumahan Ahli Pertama",
                    "Penata Ruang Ahli Muda"),
        sarjana=("S.T.",),
        magister=("M.T.", "M.Eng."),
        diploma="A.Md.T.",
        profesi="Ir.",
    ),
    "perencanaan": Discipline(
        keywords=("Perencanaan", "Program", "Evaluasi", "Pengendalian"),
        pelaksana=(("Pengolah Data dan Informasi", 7), ("Penyusun Laporan Kinerja", 6),
                   ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Perencana Ahli Pertama", "Perencana Ahli Muda", "Analis Kebijakan Ahli Muda"),
        sarjana=("S.E.", "S.T.", "S.P.", "S.Si."),
        magister=("M.Si.", "M.E.", "M.T."),
    ),
    "organisasi": Discipline(
        keywords=("Kelembagaan", "Reformasi", "Otonomi", "Pemerintahan"),
        pelaksana=(("Penelaah Teknis Kebijakan", 7), ("Pengadministrasi Perkantoran", 5)),
        fungsional=("Analis Kebijakan Ahli Pertama", "Analis Kebijakan Ahli Muda", "Analis Jabatan Ahli Pertama"),
        sarjana=("S.Sos.", "S.IP.", "S.AP.", "S.H."),
        magister=("M.Si.", "M.AP."),
    ),
}

# ---------------------------------------------------------------------------
# Names: Bugis/Makassar and general Indonesian
# ---------------------------------------------------------------------------

MALE_NAMES = (
    "Muhammad", "Ahmad", "Syamsul Alam", "Hasanuddin", "Abdul Rahman", "Rahmat", "Arifuddin", "Irwan",
    "Fadli", "Ridwan", "Agus Salim", "Budiman", "Hendra", "Zainal Abidin", "Ilham", "Akbar", "Firmansyah",
    "Iqbal", "Haerul", "Rusdi", "Jufri", "Kamaruddin", "Nasrullah", "Amiruddin", "Syahrul", "Taufik",
    "Yusran", "Baharuddin", "Darmawan", "Asrul", "Mustari", "Sahabuddin", "Rizal", "Muh. Yusuf", "Muh. Arfah",
    "Fachruddin", "Aswar", "Sultan", "Hamka", "Muhammad Nur", "Erwin", "Ismail", "Saifullah", "Anwar",
)
FEMALE_NAMES = (
    "Aisyah", "Rahmawati", "Nurhayati", "Sri Wahyuni", "Nurul Hikmah", "Fitriani", "Hasnawati", "Suriani",
    "Haslinda", "Dewi Sartika", "Megawati", "Syahriani", "Irmawati", "Marlina", "Hajrah", "Nurjannah",
    "Kartini", "Fatmawati", "Ratnasari", "Wulandari", "Nur Aisyah", "Musdalifah", "Hardianti", "Nurfadillah",
    "Rezki Amalia", "Ayu Lestari", "Indah Permatasari", "Jumriah", "Masita", "Sukmawati", "Nurmala", "Asmawati",
)
MALE_PREFIXES = ("Andi", "A.")
FEMALE_PREFIXES = ("Andi", "A. Besse", "Sitti")
FAMILY_NAMES = (
    "Syamsuddin", "Rahman", "Hamzah", "Saleh", "Tahir", "Ramli", "Latief", "Amir", "Makmur", "Rasyid", "Said",
    "Hidayat", "Mappatunru", "Pawelloi", "Djalil", "Basri", "Arsyad", "Kadir", "Mustafa", "Ibrahim", "Yusuf",
    "Karim", "Bakri", "Mansyur", "Daeng Ngalle", "Tenriola", "Parenrengi", "Sanusi", "Husain", "Gani",
)

# ---------------------------------------------------------------------------
# Pengumuman
# ---------------------------------------------------------------------------


# (title, body, the date it stays visible until); the {placeholders} are
# filled from _DemoBuilder._announcement_dates.
ANNOUNCEMENTS_UMUM = (
    (
        "Batas Pengisian Kegiatan Harian Bulan {bulan_ini}",
        ("Diingatkan kepada seluruh pegawai bahwa kegiatan harian bulan {bulan_ini} paling lambat diisi "
        "dan diajukan kepada atasan langsung pada {batas_pengisian}. Kegiatan yang belum divalidasi atasan "
        "setelah tanggal tersebut tidak diperhitungkan dalam penilaian kinerja dan pembayaran TPP."),
        "batas_pengisian",
    ),
    (
        "Sosialisasi SKP Berdasarkan PermenPAN-RB Nomor 6 Tahun 2022",
        ("BKD Provinsi Sulawesi Selatan menyelenggarakan sosialisasi penyusunan Sasaran Kinerja Pegawai (SKP) "
        "sesuai Peraturan Menteri PANRB Nomor 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil "
        "Negara pada {tanggal_sosialisasi}, pukul 09.00 WITA, di Aula BKD Lantai 2 dan secara daring. Peserta: "
        "pejabat administrator, pengawas, dan pengelola kepegawaian setiap OPD."),
        "tanggal_sosialisasi",
    ),
    (
        "Jadwal Pemeliharaan Server e-Kinerja",
        ("Dalam rangka pemeliharaan server dan pembaruan sistem, aplikasi e-Kinerja tidak dapat diakses pada "
        "{tanggal_pemeliharaan} pukul 22.00 s.d. 24.00 WITA. Simpan isian kegiatan Anda sebelum waktu tersebut. "
        "Informasi lebih lanjut: Dinas Kominfo-SP Provinsi Sulawesi Selatan."),
        "tanggal_pemeliharaan",
    ),
)
KOREKSI_TITLE = "Koreksi Data Pangkat/Golongan"
KOREKSI_BODY = (
    "Data Anda tidak sesuai: pangkat/golongan tercatat {tercatat}, sedangkan menurut arsip kenaikan pangkat "
    "seharusnya {seharusnya}. Silakan hubungi BKD Bidang Administrasi Kepegawaian dengan membawa SK kenaikan "
    "pangkat terakhir."
)
KOREKSI_VISIBLE_DAYS = 30

# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


def seed_demo(session: Session, *, today: date) -> DemoAccounts:
    """Fill an empty, migrated database with the demo organisation and pegawai (flushed, not committed)."""
    accounts = _DemoBuilder(session, today).build()
    seed_skp(session, accounts=accounts, today=today)
    seed_activities(session, accounts=accounts, today=today)  # after the SKP seed: links RHKs when they exist
    seed_attendance(session, accounts=accounts, today=today)  # after the activities: uses their work calendar
    seed_insights(session, accounts=accounts, today=today)  # adjusts entries and evaluations seeded above
    seed_dialog(session, accounts=accounts, today=today)
    seed_performance(session, accounts=accounts, today=today)  # SKPs and penilaian for everyone else
    seed_angka_kredit(session, today=today)  # after every jabatan is held: marks the pejabat fungsional
    return accounts


def seed_if_empty(session: Session, *, today: date) -> DemoAccounts | None:
    """Seed unless the database already has employees; then write nothing and return ``None``."""
    if session.exec(select(Employee.id).limit(1)).first() is not None:
        return None
    return seed_demo(session, today=today)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    """An org unit being built, with its head position and its staff positions."""

    unit: OrgUnit
    discipline: Discipline
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    head: Position | None = None
    staff: list[Position] = field(default_factory=list)


@dataclass(eq=False)
class _Seat:
    """One employee to create: the position they hold definitively today."""

    position: Position
    node: _Node
    profile: Profile
    role: str | None = None  # key of DEMO_PEOPLE
    status: str = "PNS"
    employee: Employee | None = None
    tmt: date | None = None  # first day of the TMT month in the NIP


class _DemoBuilder:
    def __init__(self, session: Session, today: date) -> None:
        self.session = session
        self.today = today
        self.rng = random.Random(SEED)
        self.used_nips: set[str] = set()
        self.nodes: list[_Node] = []  # every unit below the instansi, level by level
        self.holder_of: dict[int, Employee] = {}  # struktural position id -> definitive holder

    def build(self) -> DemoAccounts:
        root = self._build_units()
        self._build_positions(root.children)
        seats = self._plan_seats()
        self._create_employees(seats)
        self._create_assignments(seats)
        by_role = {seat.role: seat.employee for seat in seats if seat.role}
        self.session.add(EmployeeRole(employee_id=by_role["admin"].id, role=ROLE_ADMIN))
        self._create_announcements(root.unit, admin=by_role["admin"], staf=by_role["staf"])
        bump_org_revision(self.session)
        self.session.flush()
        return DemoAccounts(**{role: _account(role, employee) for role, employee in by_role.items()})

    # -- units --------------------------------------------------------------

    def _build_units(self) -> _Node:
        root = _Node(OrgUnit(code=INSTANSI_CODE, name=INSTANSI_NAME, level="instansi"), DISCIPLINES["umum"])
        for opd_code, opd_name, discipline, bidangs in OPDS:
            code = f"{UNIT_CODE_PREFIX}-{opd_code}"
            opd = _add_child(root, OrgUnit(code=code, name=opd_name, level="opd"), DISCIPLINES[discipline])
            for b, (bidang_name, sub_names) in enumerate(bidangs, start=1):
                bidang = _add_child(opd, OrgUnit(code=f"{code}-B{b}", name=bidang_name, level="bidang"))
                for s, sub_name in enumerate(sub_names, start=1):
                    _add_child(bidang, OrgUnit(code=f"{code}-B{b}-{s}", name=sub_name, level="subbidang"))
        levels = _levels([root])
        for level in levels:
            for node in level:
                node.unit.parent_id = node.parent.unit.id if node.parent else None
            self._insert(node.unit for node in level)
        self.nodes = [node for level in levels[1:] for node in level]
        return root

    def _unit(self, name: str) -> _Node:
        found = [node for node in self.nodes if node.unit.name == name]
        if len(found) != 1:
            raise ValueError(f"expected exactly one unit named {name!r}, found {len(found)}")
        return found[0]

    # -- positions ----------------------------------------------------------

    def _build_positions(self, opds: list[_Node]) -> None:
        """A head for every unit, then staff positions in every sub-bidang, inserted top-down."""
        for node in self.nodes:
            node.head = self._structural_position(node)
        setda = opds[0]
        for level in [[setda], opds[1:], *_levels(opds)[1:]]:
            for node in level:
                boss = _boss_of(node, setda)
                node.head.reports_to_id = boss.id if boss else None
            self._insert(node.head for node in level)
        subs = [node for node in self.nodes if node.unit.level == "subbidang"]
        for sub in subs:
            sub.staff = self._staff_positions(sub)
        self._insert(position for sub in subs for position in sub.staff)

    def _structural_position(self, node: _Node) -> Position:
        title = _head_title(node)
        grade = _grade_of(title)
        return Position(
            name=title,
            kind="struktural",
            eselon=grade.eselon,
            kelas_jabatan=self.rng.choice(grade.kelas),
            unit_id=node.unit.id,
        )

    def _staff_positions(self, sub: _Node) -> list[Position]:
        """A pelaksana first (the demo staf takes the first seat), a fungsional, and half the time one more."""
        pelaksana = [_pelaksana(name, kelas, sub) for name, kelas in self.rng.sample(sub.discipline.pelaksana, 2)]
        fungsional = [_fungsional(name, sub) for name in self.rng.sample(sub.discipline.fungsional, 2)]
        positions = [pelaksana[0], fungsional[0]]
        if self.rng.random() < 0.5:
            positions.append(self.rng.choice([pelaksana[1], fungsional[1]]))
        return positions

    # -- who sits where -----------------------------------------------------

    def _plan_seats(self) -> list[_Seat]:
        """One seat per struktural position but the vacant one; the rest of TOTAL_EMPLOYEES are staff."""
        heads = [_Seat(node.head, node, PROFILES[_grade_of(node.head.name).profile])
                 for node in self.nodes if node.unit.name != VACANT_BIDANG]
        subs = [node for node in self.nodes if node.unit.level == "subbidang"]
        extra = TOTAL_EMPLOYEES - len(heads) - MIN_STAFF_PER_SUBBIDANG * len(subs)
        if extra < 0:
            raise ValueError("TOTAL_EMPLOYEES is too small for the organisation tree")
        staff_count = dict.fromkeys(subs, MIN_STAFF_PER_SUBBIDANG)
        for _ in range(extra):
            staff_count[self.rng.choice(subs)] += 1
        staff = {sub: [_staff_seat(sub, i) for i in range(count)] for sub, count in staff_count.items()}
        self._assign_demo_roles(heads, staff)
        ordinary = [seat for seats in staff.values() for seat in seats if seat.role is None]
        for seat in self.rng.sample(ordinary, round(TOTAL_EMPLOYEES * PPPK_SHARE)):
            seat.status = "PPPK"
        return heads + [seat for seats in staff.values() for seat in seats]

    def _assign_demo_roles(self, heads: list[_Seat], staff: dict[_Node, list[_Seat]]) -> None:
        """Staf and staf_baru share a sub-bidang, whose Kepala Bidang and Kepala OPD are demo accounts too."""
        staf_sub = self._unit(STAF_UNIT)
        staff[staf_sub][0].role = "staf"  # a pelaksana: every sub-bidang's first position is one
        staff[staf_sub][1].role = "staf_baru"
        staff[self._unit(ADMIN_UNIT)][0].role = "admin"
        staff[self._unit(CADANGAN_UNIT)][0].role = "staf_cadangan"
        head_of = {seat.node: seat for seat in heads}
        head_of[staf_sub].role = "kepala_seksi"
        head_of[staf_sub.parent].role = "kepala_bidang"
        head_of[staf_sub.parent.parent].role = "kepala_opd"

    # -- employees ----------------------------------------------------------

    def _create_employees(self, seats: list[_Seat]) -> None:
        demo_hash = hash_password(DEMO_PASSWORD, rounds=HASH_ROUNDS)
        for seat in seats:
            seat.employee = self._employee(seat)
            if seat.role in ROLES_WITH_DEMO_PASSWORD:
                seat.employee.password_hash = demo_hash
                seat.employee.must_change_password = False
            else:
                seat.employee.password_hash = initial_password_hash(seat.employee.nip, rounds=HASH_ROUNDS)
        self._insert(seat.employee for seat in seats)
        self.holder_of = {seat.position.id: seat.employee for seat in seats if seat.position.kind == "struktural"}

    def _employee(self, seat: _Seat) -> Employee:
        demo = DEMO_PEOPLE.get(seat.role)
        gender = demo.gender if demo else ("L" if self.rng.random() < 0.55 else "P")
        name = demo.name if demo else self._name(gender)
        nip, seat.tmt, age = self._nip(seat, gender)
        gelar = demo.gelar if demo else self._gelar(seat, gender, age)
        return Employee(
            nip=nip,
            name=name,
            gelar_depan=gelar.depan,
            gelar_belakang=gelar.belakang,
            status=seat.status,
            pangkat_golongan=self._pangkat(seat, gelar),
            password_hash="",
        )

    def _name(self, gender: str) -> str:
        male = gender == "L"
        parts = [self.rng.choice(MALE_NAMES if male else FEMALE_NAMES)]
        if self.rng.random() < 0.3:
            parts.insert(0, self.rng.choice(MALE_PREFIXES if male else FEMALE_PREFIXES))
        family = self.rng.choice(FAMILY_NAMES)
        if self.rng.random() < 0.6 and family not in parts[-1]:
            parts.append(family)
        return " ".join(parts)

    def _nip(self, seat: _Seat, gender: str) -> tuple[str, date, int]:
        """A unique NIP PNS or NI PPPK in its real layout (see domain/nip.py), the TMT and the age.

        Counted back from 1 January with the TMT in an earlier year, so the NIPs
        (and the demo accounts) stay the same all calendar year.
        """
        new_year = date(self.today.year, 1, 1)
        lowest_age, highest_age = seat.profile.ages
        age = self.rng.randint(lowest_age, highest_age - 1)  # one more birthday may come before today
        birth = _years_before(new_year, age) - timedelta(days=self.rng.randint(0, 364))
        if seat.status == "PPPK":
            min_service, max_service = 1, max(1, new_year.year - PPPK_FIRST_YEAR)
        else:
            min_service, max_service = seat.profile.service_years
            min_service = max(min_service, age - PNS_MAX_ENTRY_AGE)
        max_service = min(max_service, age - MIN_ENTRY_AGE)
        tmt_year = new_year.year - self.rng.randint(min(min_service, max_service), max_service)
        tmt_month = self.rng.randint(1, 12)
        sex = 1 if gender == "L" else 2
        if seat.status == "PPPK":  # NI PPPK: TMT year, PPPK code 2, first perjanjian kerja
            prefix = f"{birth:%Y%m%d}{tmt_year:04d}21{sex}"
        else:  # NIP PNS: TMT CPNS year and month
            prefix = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}"
        nip = ""
        while not nip or nip in self.used_nips:
            nip = f"{prefix}{self.rng.randint(1, 999):03d}"
        self.used_nips.add(nip)
        return nip, date(tmt_year, tmt_month, 1), age

    def _gelar(self, seat: _Seat, gender: str, age: int) -> Gelar:
        discipline, level, rng = seat.node.discipline, seat.profile.education, self.rng
        if level == "pelaksana":
            roll = rng.random()
            if roll < 0.35:
                return Gelar("", "", False)
            if roll < 0.6:
                return Gelar("", discipline.diploma, False)
            return Gelar("", rng.choice(discipline.sarjana), True)
        depan: list[str] = []
        belakang: list[str] = []
        if level == "pimpinan" and rng.random() < 0.25:
            depan.append("Dr.")
        if discipline.profesi and rng.random() < 0.3:
            depan.append(discipline.profesi)
        if "dr." not in depan:  # a physician's degree is the gelar depan alone
            belakang.append(rng.choice(discipline.sarjana))
        if rng.random() < MAGISTER_ODDS[level]:
            belakang.append(rng.choice(discipline.magister))
        if age >= 45 and rng.random() < 0.25:
            depan.append("H." if gender == "L" else "Hj.")
        return Gelar(" ".join(depan), ", ".join(belakang), True)

    def _pangkat(self, seat: _Seat, gelar: Gelar) -> str:
        if seat.status == "PPPK":
            if seat.position.name.endswith("Ahli Muda"):
                return PPPK_GOLONGAN["ahli_muda"]
            if gelar.graduate:
                return PPPK_GOLONGAN["graduate"]
            return PPPK_GOLONGAN["diploma" if gelar.belakang else "none"]
        # Graduates hold golongan III or IV; the others stay in golongan II.
        fitting = [g for g in seat.profile.golongan if g.startswith("II/") != gelar.graduate]
        return _pangkat_label(self.rng.choice(fitting or seat.profile.golongan))

    # -- assignments --------------------------------------------------------

    def _create_assignments(self, seats: list[_Seat]) -> None:
        current = {}
        for seat in seats:
            earliest = max(seat.tmt, _years_before(self.today, seat.profile.tenure_years))
            current[seat] = PositionAssignment(
                employee_id=seat.employee.id,
                position_id=seat.position.id,
                start_date=self._random_date(earliest, self.today),
            )
        history = self._mutasi(seats, current)
        self._insert([*current.values(), *history, self._plt()])

    def _mutasi(self, seats: list[_Seat], current: dict[_Seat, PositionAssignment]) -> list[PositionAssignment]:
        """Transfers this year: the current assignment starts on the move date, the old one ends the day before."""
        first_move_day = min(date(self.today.year, 1, 2), self.today)
        candidates = [
            seat for seat in seats
            if seat.role is None and seat.status == "PNS" and seat.position.kind != "struktural"
            and seat.tmt.year < self.today.year
        ]
        history = []
        for seat in self.rng.sample(candidates, MUTASI_COUNT):
            move = self._random_date(first_move_day, self.today)
            old_unit, old_position = self._previous_position(seat)
            old_start = self._random_date(max(seat.tmt, _years_before(move, 6)), move - timedelta(days=1))
            current[seat].start_date = move
            current[seat].note = _note(f"Mutasi dari {old_position.name}, {_unit_label(old_unit)}")
            history.append(
                PositionAssignment(
                    employee_id=seat.employee.id,
                    position_id=old_position.id,
                    start_date=old_start,
                    end_date=move - timedelta(days=1),
                    note=_note(f"Dimutasi ke {seat.position.name}, {_unit_label(seat.node)}"),
                )
            )
        return history

    def _previous_position(self, seat: _Seat) -> tuple[_Node, Position]:
        """The same jabatan in another unit if there is one, else one of the same kind and kelas."""
        elsewhere = [(node, p) for node in self.nodes if node is not seat.node for p in node.staff]
        current = seat.position
        same_name = [(node, p) for node, p in elsewhere if p.name == current.name]
        same_grade = [
            (node, p) for node, p in elsewhere if (p.kind, p.kelas_jabatan) == (current.kind, current.kelas_jabatan)
        ]
        return self.rng.choice(same_name or same_grade)

    def _plt(self) -> PositionAssignment:
        vacant, acting = self._unit(VACANT_BIDANG), self._unit(PLT_BIDANG)
        if vacant.parent is not acting.parent:
            raise ValueError("the Plt must come from the OPD of the vacant position")
        return PositionAssignment(
            employee_id=self.holder_of[acting.head.id].id,
            position_id=vacant.head.id,
            kind="plt",
            start_date=self.today - timedelta(days=self.rng.randint(20, 120)),
            note=_note(f"Plt. {vacant.head.name} sampai pelantikan pejabat definitif"),
        )

    # -- pengumuman ---------------------------------------------------------

    def _create_announcements(self, instansi: OrgUnit, *, admin: Employee, staf: Employee) -> None:
        dates = self._announcement_dates()
        texts = {key: format_day(day) for key, day in dates.items()}
        texts["bulan_ini"] = month_label(self.today.year, self.today.month)
        rows = [
            Announcement(
                instansi_id=instansi.id,
                kind="umum",
                title=title.format(**texts),
                body=body.format(**texts),
                visible_until=dates[until],
                created_by_id=admin.id,
            )
            for title, body, until in ANNOUNCEMENTS_UMUM
        ]
        koreksi = KOREKSI_BODY.format(tercatat=staf.pangkat_golongan, seharusnya=_next_pangkat(staf.pangkat_golongan))
        rows.append(
            Announcement(
                instansi_id=instansi.id,
                kind="koreksi_data",
                title=KOREKSI_TITLE,
                body=koreksi,
                target_employee_id=staf.id,
                visible_until=self.today + timedelta(days=KOREKSI_VISIBLE_DAYS),
                created_by_id=admin.id,
            )
        )
        self._insert(rows)

    def _announcement_dates(self) -> dict[str, date]:
        first_of_next_month = (self.today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return {
            "batas_pengisian": first_of_next_month + timedelta(days=4),  # the 5th
            "tanggal_sosialisasi": _next_weekday(self.today + timedelta(days=10), 3),  # a Thursday
            "tanggal_pemeliharaan": _next_weekday(self.today + timedelta(days=3), 5),  # a Saturday
        }

    # -- helpers ------------------------------------------------------------

    def _insert(self, rows: Iterable) -> None:
        self.session.add_all(list(rows))
        self.session.flush()

    def _random_date(self, lo: date, hi: date) -> date:
        lo = min(lo, hi)
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))


def _add_child(parent: _Node, unit: OrgUnit, discipline: Discipline | None = None) -> _Node:
    node = _Node(unit, discipline or _discipline_for(unit.name) or parent.discipline, parent)
    parent.children.append(node)
    return node


def _levels(nodes: Sequence[_Node]) -> list[list[_Node]]:
    """The given nodes, their children, their grandchildren, ...: one list per depth."""
    levels = []
    current = list(nodes)
    while current:
        levels.append(current)
        current = [child for node in current for child in node.children]
    return levels


def _discipline_for(unit_name: str) -> Discipline | None:
    for discipline in DISCIPLINES.values():
        if any(keyword in unit_name for keyword in discipline.keywords):
            return discipline
    return None


def _head_title(node: _Node) -> str:
    """"Kepala <unit>", or "Sekretaris <OPD>" for a Sekretariat ("Sekretaris Daerah" for the Setda)."""
    name = node.unit.name
    if name.startswith("Sekretariat"):
        return f"Sekretaris {name.removeprefix('Sekretariat').strip() or node.parent.unit.name}"
    return f"Kepala {name}"


def _boss_of(node: _Node, setda: _Node) -> Position | None:
    """The position a unit's head reports to: the Sekretaris Daerah heads the Setda and is the top."""
    if node is setda:
        return None
    if node.unit.level == "opd":
        return setda.head
    return node.parent.head


def _grade_of(title: str) -> Grade:
    return next(grade for grade in GRADES if title.startswith(grade.title_prefix))


def _pelaksana(name: str, kelas: int, sub: _Node) -> Position:
    return Position(name=name, kind="pelaksana", kelas_jabatan=kelas, unit_id=sub.unit.id, reports_to_id=sub.head.id)


def _fungsional(name: str, sub: _Node) -> Position:
    kelas = 9 if name.endswith("Ahli Muda") else 8
    return Position(name=name, kind="fungsional", kelas_jabatan=kelas, unit_id=sub.unit.id, reports_to_id=sub.head.id)


def _staff_seat(sub: _Node, index: int) -> _Seat:
    """The index-th staff member of a sub-bidang, dealt round the sub-bidang's staff positions."""
    position = sub.staff[index % len(sub.staff)]
    if position.kind == "pelaksana":
        profile = "pelaksana"
    else:
        profile = "fungsional_muda" if position.name.endswith("Ahli Muda") else "fungsional_pertama"
    return _Seat(position, sub, PROFILES[profile])


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _next_weekday(day: date, weekday: int) -> date:
    """The first date on or after ``day`` that falls on ``weekday`` (Monday = 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _unit_label(node: _Node) -> str:
    """"Subbagian Keuangan, Dinas Kesehatan": the unit and its OPD."""
    opd = node
    while opd.unit.level != "opd":
        opd = opd.parent
    return node.unit.name if opd is node else f"{node.unit.name}, {opd.unit.name}"


def _note(text: str) -> str:
    return text[:200]  # PositionAssignment.note


def _pangkat_label(golongan: str) -> str:
    return next(f"{name} ({code})" for code, name in PANGKAT if code == golongan)


def _next_pangkat(label: str) -> str:
    labels = [_pangkat_label(code) for code, _ in PANGKAT]
    if label not in labels:
        return label
    return labels[min(labels.index(label) + 1, len(labels) - 1)]


def _account(role: str, employee: Employee) -> DemoAccount:
    password = DEMO_PASSWORD if role in ROLES_WITH_DEMO_PASSWORD else employee.nip[:8]
    return DemoAccount(employee_id=employee.id, nip=employee.nip, name=display_name(employee), password=password)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fill an empty, migrated e-Kinerja database with demo data.")
    parser.add_argument("--json", action="store_true", help="print the demo accounts as one JSON line")
    args = parser.parse_args(argv)
    with session_scope() as session:
        accounts = seed_if_empty(session, today=local_today())
    if accounts is None:
        print("The database already has employees; no demo data added.")
        return
    by_role = asdict(accounts)
    if args.json:
        print(json.dumps(by_role))
        return
    print(f"Demo data added: {TOTAL_EMPLOYEES} employees. Demo accounts:")
    for role, account in by_role.items():
        print(f"  {role:<14} NIP {account['nip']}  password {account['password']:<13} {account['name']}")


if __name__ == "__main__":
    main()
