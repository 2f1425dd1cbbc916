"""Layout repair: joins, spaces, normalization, paragraphs, and the exact offset map."""
from __future__ import annotations

import pytest

from kg.layout import normalize_char, paragraphs, repair
from kg.types import RepairedText

from conftest import DEV_DIR


def assert_offsets_exact(original: str, rt: RepairedText) -> None:
    """Every repaired character comes from the original character its offset names."""
    assert len(rt.text) == len(rt.offsets)
    for i, (ch, off) in enumerate(zip(rt.text, rt.offsets)):
        assert 0 <= off < len(original), (i, off)
        src = original[off]
        if ch in "\n " and src in "\r\n\u2028\u2029":
            continue  # an inserted separator sits on the line break it replaces
        if (src, ch) == ("\uff0e", "."):
            continue  # full-width point between digits: a decimal point
        assert normalize_char(src) == ch, (i, ch, src, off)
    # offsets increase: the repaired text reads the original in order
    assert list(rt.offsets) == sorted(rt.offsets)
    assert len(set(rt.offsets)) == len(rt.offsets)


# A wire report hard-wrapped at a 13-character column, with the noise of cut pages.
WRAPPED = (
    "新华社北京3月5日电 国务院总理\n"
    "今天上午在人民大会堂作政府工\n"
    "作报告。报告提出，今年发展主\n"
    "\n"
    "要预期目标是：国内生产总值增\n"
    "长 5 ％ 左 右 ，城镇新增就业\n"
    "１２００万人以上。\n"
    "\n"
    "报告指出，要大力推进现代化产\n"
    "业体系建设，加快发展新质生产\n"
    "力。\n"
)


def test_seed_offsets_map_back_exactly(seed_text):
    rt = repair(seed_text)
    assert_offsets_exact(seed_text, rt)


def test_seed_spaces_between_characters_are_removed(seed_text):
    text = repair(seed_text).text
    assert "集成电路是临港新片区投资规模最大" in text
    assert "1926年7月在上海成立" in text
    assert "已签约集成电路项目174个" in text
    assert "投资额超2700亿元" in text
    assert "封测、核心零部件等各个领域" in text
    assert "2024年毕业于上海电机学院" in text
    assert "（2024-2027年）" in text
    assert " " not in text  # the page has no Latin words: no space survives


def test_seed_blank_lines_inside_a_sentence_join(seed_text):
    text = repair(seed_text).text
    assert "中国共产党代表团驻沪办事处纪念馆（周公馆）" in text
    assert "与相关负责同志作了交流讨论。" in text
    assert "科技和创新是这座新城的关键词" in text
    assert "吸引了临港大学生留在临港工作" in text


def test_seed_paragraphs(seed_text):
    paras = repair(seed_text).text.split("\n")
    starts = [p[:8] for p in paras]
    # marker lines are paragraphs of their own
    assert "青年报记者陈泳均" in paras
    assert "■发布厅" in paras
    # datelines open paragraphs; a short sentence-final line ends one ("…交流讨论。" / "随后，…")
    assert "本报讯市委书记陈" in starts
    assert "本报讯市委副书记" in starts
    assert "随后，陈吉宁来到" in starts
    assert "记者了解到，集成" in starts
    assert "市领导李政参加调" in starts
    # a sentence that ends exactly at the column edge does not end the paragraph
    assert any("系统性和整体性。加快构建红色资源保护利用大联动格局" in p for p in paras)
    assert len(paras) == 20
    assert all(p == p.strip() and p for p in paras)


def test_repair_is_idempotent(seed_text):
    once = repair(seed_text)
    twice = repair(once.text)
    assert twice.text == once.text
    assert_offsets_exact(once.text, twice)


def test_wrapped_wire_report():
    rt = repair(WRAPPED)
    assert_offsets_exact(WRAPPED, rt)
    assert rt.text.split("\n") == [
        "新华社北京3月5日电国务院总理今天上午在人民大会堂作政府工作报告。报告提出，今年发展主要预期目标是："
        "国内生产总值增长5%左右，城镇新增就业1200万人以上。",
        "报告指出，要大力推进现代化产业体系建设，加快发展新质生产力。",
    ]
    assert repair(rt.text).text == rt.text


def test_crlf_and_cr_line_ends_give_the_same_text(seed_text):
    lf = repair(seed_text)
    for newline in ("\r\n", "\r"):
        variant = seed_text.replace("\n", newline)
        rt = repair(variant)
        assert rt.text == lf.text
        assert_offsets_exact(variant, rt)
        assert "\r" not in rt.text


def test_layout_noise_gives_the_same_text(seed_text):
    noisy = (seed_text
             .replace("昨天上午在调研我市红色文化", "昨 天 上 午  在调研我市红色文化")
             .replace("传承弘扬工作时指出，要深入", "传承弘扬工\n作时指出，要深入")
             .replace("和习近平总书记考察上海重要", "  和习近平总书记考察上海重要  ")
             .replace("本报讯 市委副书记、市长", "本报讯　市委副书记、市长"))
    assert noisy != seed_text
    rt = repair(noisy)
    assert rt.text == repair(seed_text).text
    assert_offsets_exact(noisy, rt)


@pytest.mark.parametrize("old, new", [
    ("本报讯 市委书记陈吉宁", "本报讯 市 委 书 记 陈 吉\n宁"),          # dateline line broken in a name
    ("市领导李政参加调研。", "市\n领导李政参加调研。"),               # one-line paragraph broken
    ("400亿元，未来三年", "4\n00亿元，未来三年"),                    # a number broken
    ("计划（2024-2026年）", "计划（2\n024-2026年）"),
    ("从2019年的不到10亿元", "从 2 0 1 9 年的不到 1 0 亿元"),         # spaced digits
    ("吴晓华表示，临港将继续秉持", "吴晓华表示，临港\n\n将继续秉持"),   # blank line mid-sentence
])
def test_noise_variants_repair_to_the_same_text(seed_text, old, new):
    assert old in seed_text
    noisy = seed_text.replace(old, new)
    rt = repair(noisy)
    assert rt.text == repair(seed_text).text
    assert_offsets_exact(noisy, rt)


def test_paragraph_indent_starts_a_paragraph():
    lines = ["国家统计局今天发布数据，上半", "年国内生产总值同比增长百分之", "五点三，经济运行总体平稳向好。",
             "分产业看，第一产业增加值同比", "增长百分之三点五，第二产业增", "加值增长百分之五点八。"]
    first = "国家统计局今天发布数据，上半年国内生产总值同比增长百分之五点三，经济运行总体平稳向好。"
    second = "分产业看，第一产业增加值同比增长百分之三点五，第二产业增加值增长百分之五点八。"
    indented = "\n".join(("　　" if k in (0, 3) else "") + line for k, line in enumerate(lines)) + "\n"
    rt = repair(indented)
    assert rt.text == first + "\n" + second
    assert_offsets_exact(indented, rt)
    # without the indent, a sentence ending exactly at the column edge does not end the paragraph
    assert repair(indented.replace("　　", "")).text == first + second


def test_narrower_first_line_after_a_full_final_line_starts_a_paragraph():
    # a 14-em column; each paragraph's first line is indented by two ems (printed, not typed)
    src = ("国家统计局今天发布了上半\n"
           "年国民经济运行数据，国内生产\n"
           "总值同比增长了百分之五点三。\n"
           "分产业看，第一产业增加值\n"
           "同比增长百分之三点五，第二产\n"
           "业增加值增长百分之五点八。\n")
    assert repair(src).text.split("\n") == [
        "国家统计局今天发布了上半年国民经济运行数据，国内生产总值同比增长了百分之五点三。",
        "分产业看，第一产业增加值同比增长百分之三点五，第二产业增加值增长百分之五点八。",
    ]


def test_character_normalization_keeps_chinese_punctuation():
    src = "\ufeff国家统计局：１－７月全国规模以上工业增加值同比增长５．８％，ＧＤＰ数据《公报》（初步核算）“稳中有进”。"
    rt = repair(src)
    assert rt.text == "国家统计局：1－7月全国规模以上工业增加值同比增长5.8%，GDP数据《公报》（初步核算）“稳中有进”。"
    assert_offsets_exact(src, rt)
    assert rt.offsets[0] == 1  # the BOM is gone
    assert normalize_char("％") == "%" and normalize_char("，") == "，" and normalize_char("　") == " "


def test_spaces_between_latin_words_are_kept():
    src = "  新华社纽约电  联合国总部位于 New  York ，  Apple Inc. 发布 iPhone 16 新品。  "
    rt = repair(src)
    assert rt.text == "新华社纽约电联合国总部位于New York，Apple Inc.发布iPhone 16新品。"
    assert_offsets_exact(src, rt)


def test_latin_words_split_by_a_line_break_get_a_space():
    src = "会议由世界经济论坛（World Economic\nForum）主办，来自各国的代表出席了开幕式。\n"
    rt = repair(src)
    assert "（World Economic Forum）主办" in rt.text
    assert_offsets_exact(src, rt)


def test_well_formed_article_keeps_headlines_and_paragraphs():
    src = (
        "国务院常务会议部署推进城市更新\n"
        "加快构建新发展格局  推动高质量发展\n"
        "新华社北京6月3日电  国务院总理主持召开国务院常务会议，研究部署推进城市更新行动。\n"
        "会议指出，实施城市更新行动是推动城市高质量发展的重要举措。\n"
        "会议要求，各地区各部门要抓好政策落实。\n"
    )
    rt = repair(src)
    assert rt.text.split("\n") == [
        "国务院常务会议部署推进城市更新",
        "加快构建新发展格局推动高质量发展",
        "新华社北京6月3日电国务院总理主持召开国务院常务会议，研究部署推进城市更新行动。",
        "会议指出，实施城市更新行动是推动城市高质量发展的重要举措。",
        "会议要求，各地区各部门要抓好政策落实。",
    ]
    assert_offsets_exact(src, rt)


def test_headlines_of_similar_width_stay_separate():
    src = "在对外开放等四个方面实施十六项政策举措\n深化国家级经开区改革创新（权威发布）\n" \
          "国务院常务会议审议通过《工作方案》，围绕对外开放、新质生产力、管理制度改革和要素保障，" \
          "提出十六项政策举措，进一步深化国家级经济技术开发区改革创新。\n"
    assert repair(src).text == src.rstrip("\n")


@pytest.mark.parametrize("src", ["", "   \n\n \t\r\n", "\ufeff", "\u3000\u3000"])
def test_blank_input_gives_empty_text(src):
    rt = repair(src)
    assert rt.text == "" and rt.offsets == ()


def test_paragraph_spans():
    rt = repair("第一段文字。\n\n第二段文字。\n")
    spans = paragraphs(rt)
    assert [rt.text[s:e] for s, e in spans] == ["第一段文字。", "第二段文字。"]


def test_dev_articles_unchanged_except_normalization(shared_dir):
    files = sorted(DEV_DIR.glob("*.txt"))
    if not files:
        pytest.skip(f"no dev articles in {DEV_DIR}")
    for path in files:
        src = path.read_text(encoding="utf-8")
        rt = repair(src)
        expected = [line.strip().replace(" ", "") for line in src.splitlines() if line.strip()]
        assert [p.replace(" ", "") for p in rt.text.split("\n")] == expected, path.name
        assert repair(rt.text).text == rt.text, path.name
        assert_offsets_exact(src, rt)


def test_a_hard_wrapped_headline_is_not_run_into_the_body():
    # a column 13 characters wide: the headline's last piece is short and ends no sentence
    page = ("构建三大体系，系统提升洪涝灾\n害风险防控能力\n水利部副部长某某介绍，全国\n"
            "已有一百多条河流发生超警以上\n洪水，各地正在全力应对。\n")
    paragraphs = repair(page).text.split("\n")
    assert paragraphs[0] == "构建三大体系，系统提升洪涝灾害风险防控能力"
    assert paragraphs[1].startswith("水利部副部长某某介绍")


def test_a_paragraph_opener_after_a_full_line_sentence_end_starts_a_paragraph():
    page = ("首先是主骨架加快完善，一批工\n程建成通水，效益持续显现。\n"
            "其次是一批重大工程加快推进，\n新开工项目十二项。\n")
    assert repair(page).text.split("\n") == ["首先是主骨架加快完善，一批工程建成通水，效益持续显现。",
                                             "其次是一批重大工程加快推进，新开工项目十二项。"]


def test_a_latin_name_wrapped_in_a_chinese_column_is_one_word():
    para = "作为手机品牌厂商，某某移动通信有限公司致力创新，不断向高端迈进。步入东莞的vivo全球总部二楼展示区，一行大字映入眼帘，用户是我们的目的地。"
    src = "".join(para[i:i + 13] + "\n" for i in range(0, len(para), 13))
    assert "\nvo" in src   # the column cuts the name
    rt = repair(src)
    assert "的vivo全球总部" in rt.text
    assert_offsets_exact(src, rt)


def test_a_letter_spaced_line_joins_latin_letters_too():
    assert repair("有 限 公 司 （ v i v o ） 致 力 科").text == "有限公司（vivo）致力科"
    assert repair("N e w  Y o r k 的 街 头").text == "New York的街头"
    # an ordinary line keeps the space between two Latin words
    assert repair("vivo X300 Pro 发布").text == "vivo X300 Pro发布"
