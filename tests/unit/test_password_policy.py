from ekinerja.domain.password_policy import POLICY_TEXT, password_problems

NIP = "198503152010011003"


def test_a_good_password_passes():
    assert password_problems("Sulsel2026Maju", nip=NIP, same_as_current=False) == []


def test_each_rule_is_reported():
    assert "minimal 10" in " ".join(password_problems("Ab1", nip=NIP, same_as_current=False))
    assert any("huruf besar" in p for p in password_problems("sulsel2026maju", nip=NIP, same_as_current=False))
    assert any("huruf kecil" in p for p in password_problems("SULSEL2026MAJU", nip=NIP, same_as_current=False))
    assert any("angka" in p for p in password_problems("SulselMajuJaya", nip=NIP, same_as_current=False))
    assert any("NIP" in p for p in password_problems("Aa19850315xyz", nip=NIP, same_as_current=False))
    assert any("berbeda" in p for p in password_problems("Sulsel2026Maju", nip=NIP, same_as_current=True))
    assert any("maksimal" in p for p in password_problems("Aa1" * 50, nip=NIP, same_as_current=False))


def test_the_initial_password_never_passes():
    assert password_problems(NIP[:8], nip=NIP, same_as_current=True)


def test_policy_is_stated():
    assert "minimal 10 karakter" in POLICY_TEXT
