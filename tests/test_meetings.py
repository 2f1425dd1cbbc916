"""Meetings (kg.extract.meetings) on sentences in the register of Xinhua / People's Daily reports, and
on the seed page."""
from datetime import date

import pytest

from kg.extract import get_extractors
from kg.pipeline import analyze_text, document_from_text

PUBLISHED = date(2025, 6, 12)


def meetings(text, published=None):
    doc = analyze_text(text, published)
    (ex,) = get_extractors(["meeting"])
    return list(ex(doc))


def only_meeting(text, published=None):
    found = meetings(text, published)
    assert len(found) == 1, found
    return found[0]


def names(mentions):
    return {m.text for m in mentions}


def test_chaired_meeting_approves_documents_in_the_same_sentence():
    text = ("6月10日，国务院总理李强主持召开国务院常务会议，审议通过《关于加快发展服务消费的若干措施》"
            "和《国家水网建设规划纲要》。")
    m = only_meeting(text, PUBLISHED)
    assert m.kind == "Meeting" and m.name.text == "国务院常务会议"
    assert m.chair.text == "李强" and m.agent.text == "李强"
    assert names(m.objects) == {"关于加快发展服务消费的若干措施", "国家水网建设规划纲要"}
    assert (m.date.start, m.date.end) == (date(2025, 6, 10), date(2025, 6, 10))


def test_later_huiyi_refers_back_and_a_meeting_only_studied_is_no_event():
    text = ("市委副书记、市长刘志远昨天主持召开市政府常务会议。"
            "会议传达学习中央经济工作会议精神，审议今年以来我市经济运行情况。"
            "会议原则同意《某市促进低空经济发展行动方案》并指出，要抢抓新赛道。"
            "会议原则同意《某市推动直播经济高质量发展三年行动计划（2024-2026年）》。")
    m = only_meeting(text)  # 中央经济工作会议 is studied, not held: no second meeting
    assert m.name.text == "市政府常务会议" and m.chair.text == "刘志远"
    assert names(m.objects) == {"某市促进低空经济发展行动方案", "某市推动直播经济高质量发展三年行动计划（2024-2026年）"}
    assert names(m.reviewed) == {"今年以来我市经济运行情况"}
    assert m.date is None  # 昨天 without a publication date
    assert only_meeting(text, PUBLISHED).date.start == date(2025, 6, 11)


def test_attendee_who_speaks_leads_a_meeting_nobody_chaired():
    m = only_meeting("全国安全生产工作会议10日至11日在北京召开，国务委员王小平出席会议并讲话。", PUBLISHED)
    assert m.name.text == "全国安全生产工作会议"
    assert m.chair is None and m.agent.text == "王小平"
    assert names(m.participants) == {"王小平"}
    assert (m.date.start, m.date.end) == (date(2025, 6, 10), date(2025, 6, 11))


def test_attendees_listed_with_titles():
    text = ("市委副书记、市长刘志远昨天主持召开市政府常务会议。"
            "市委常委、常务副市长周明，副市长陈芳出席会议。")
    m = only_meeting(text, PUBLISHED)
    assert m.chair.text == "刘志远"
    assert names(m.participants) == {"周明", "陈芳"}


def test_chuxi_versus_zhuchi():
    text = "全省民营经济发展大会昨天在杭州召开。会议由省委副书记、省长李明主持，省委书记王建国出席并讲话。"
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "全省民营经济发展大会"
    assert m.chair.text == "李明" and m.agent.text == "李明"
    assert names(m.participants) == {"王建国"}  # attended; the chair is not listed as a participant


def test_meeting_named_by_its_body_approves_and_the_body_is_its_agent():
    text = ("国务院常务会议4月30日审议通过《关于加快构建新型电力系统的行动方案》（以下简称《行动方案》），"
            "近日国家发展改革委受权发布。")
    m = only_meeting(text, date(2025, 5, 20))
    assert m.name.text == "国务院常务会议" and m.chair is None
    assert m.agent.text == "国务院"
    assert names(m.objects) == {"关于加快构建新型电力系统的行动方案"}
    assert (m.date.start, m.date.end) == (date(2025, 4, 30), date(2025, 4, 30))


def test_meeting_convened_by_a_body_and_chaired_in_a_later_sentence():
    text = "省委常委会7月30日召开会议，传达学习中央政治局会议精神，研究部署下半年经济工作。省委书记王建国主持会议。"
    m = only_meeting(text, date(2025, 7, 31))
    assert m.name.text == "省委常委会会议"
    assert m.chair.text == "王建国" and m.agent.text == "王建国"
    assert (m.date.start, m.date.end) == (date(2025, 7, 30), date(2025, 7, 30))


def test_session_held_and_closing_votes_a_law():
    text = ("十四届全国人大常委会第十六次会议25日在北京人民大会堂闭幕。委员长赵乐际主持会议。"
            "会议表决通过了《中华人民共和国民营经济促进法》。")
    m = only_meeting(text, date(2025, 7, 26))
    assert m.name.text == "十四届全国人大常委会第十六次会议" and m.chair.text == "赵乐际"
    assert names(m.objects) == {"中华人民共和国民营经济促进法"}


def test_numbered_meeting_of_a_body_has_the_body_as_agent():
    m = only_meeting("中央全面深化改革委员会第五次会议7月1日下午召开，审议通过了《关于进一步完善市场准入制度的意见》。",
                     date(2025, 7, 2))
    assert m.agent.text == "中央全面深化改革委员会" and m.chair is None
    assert names(m.objects) == {"关于进一步完善市场准入制度的意见"}
    assert (m.date.start, m.date.end) == (date(2025, 7, 1), date(2025, 7, 1))


def test_chair_after_a_long_chain_of_titles():
    text = ("中共中央总书记、国家主席、中央军委主席、中央财经委员会主任习近平7月1日下午主持召开中央财经委员会第六次会议，"
            "研究纵深推进全国统一大市场建设。")
    m = only_meeting(text, date(2025, 7, 2))
    assert m.name.text == "中央财经委员会第六次会议" and m.chair.text == "习近平"
    assert (m.date.start, m.date.end) == (date(2025, 7, 1), date(2025, 7, 1))


def test_press_conference_held_by_a_body():
    m = only_meeting("6月3日，国务院新闻办举行新闻发布会介绍有关情况。", PUBLISHED)
    assert m.agent.text == "国务院新闻办" and m.name.text == "新闻发布会"
    assert (m.date.start, m.date.end) == (date(2025, 6, 3), date(2025, 6, 3))


def test_documents_issued_without_a_meeting_invent_no_meeting():
    assert meetings("中共中央办公厅、国务院办公厅近日印发《关于推进乡村全面振兴的意见》。", PUBLISHED) == []
    assert meetings("经国务院批准，《某某规划》近日印发实施。", PUBLISHED) == []
    assert meetings("今年6月，水利部会同国家发展改革委等部门印发了《河湖生态流量管理办法》。", PUBLISHED) == []


def test_meeting_only_quoted_or_studied_is_no_event():
    assert meetings("会议传达学习中央经济工作会议精神。", PUBLISHED) == []
    assert meetings("国务院常务会议指出，要稳就业、稳企业。", PUBLISHED) == []


def test_vague_date_gives_no_date():
    m = only_meeting("省长李明近日主持召开省政府常务会议，研究部署防汛工作。", PUBLISHED)
    assert m.chair.text == "李明" and m.date is None


def test_text_without_meetings():
    assert meetings("市委书记刘建华会见了来访的德国客人，双方就深化经贸合作交换意见。", PUBLISHED) == []


def test_seed_page_meeting(seed_text):
    from kg.nlp.pipeline import analyze
    from kg.segment import split_articles

    found = []
    (ex,) = get_extractors(["meeting"])
    for article in split_articles(document_from_text(seed_text, "youth-daily-page.txt")):
        found += list(ex(analyze(article, use_model=False)))
    assert len(found) == 1  # 国务院第五次全体会议 is studied, not held
    m = found[0]
    assert m.name.text == "市政府常务会议" and m.chair.text == "龚正"
    assert {o.text for o in m.objects} == {
        "上海高质量推进全球金融科技中心建设行动方案",
        "上海市推动直播经济高质量发展三年行动计划（2024-2026年）",
        "上海市提升生物医药企业国际竞争力行动方案（2024-2027年）",
    }
    assert m.date is None  # 昨天 on a page without a publication date


@pytest.mark.parametrize("text", ["", "。。。", "主持召开", "会议原则同意《》", "由主持", "《未闭合的标题审议通过《", "17日至20日，"])
def test_bad_input_gives_no_events(text):
    from kg.nlp.pipeline import analyze
    from kg.types import Article, Document, RepairedText

    article = Article("bad", Document("bad", text, "test"), RepairedText(text, tuple(range(len(text)))))
    doc = analyze(article, use_model=False)
    for ex in get_extractors(["meeting", "visit"]):
        assert list(ex(doc)) == []


# -- the meeting frame: words that point back, chairs named later, attendance, seniority --------

def test_the_chair_named_after_the_meeting_leads_it_and_speakers_attend():
    text = ("全国政协19日在京召开“推进乡村全面振兴”专题协商会，全国政协主席王明远出席并讲话。"
            "国务委员陈立新出席会议并讲话。全国政协副主席刘春华主持上午的会议。")
    m = only_meeting(text, date(2025, 6, 20))
    assert m.name.text == "“推进乡村全面振兴”专题协商会"
    assert m.chair.text == "刘春华" and m.agent.text == "刘春华"
    assert names(m.participants) == {"王明远", "陈立新"}
    assert (m.date.start, m.date.end) == (date(2025, 6, 19), date(2025, 6, 19))


def test_without_a_chair_the_most_senior_attendee_leads():
    text = ("全国法治工作会议17日至18日在京召开。中共中央政治局委员、中央政法委书记赵建国出席会议并讲话，"
            "中共中央政治局常委、国务院副总理陈立新出席会议。王明、李华、张强出席会议。")
    m = only_meeting(text, PUBLISHED)
    assert m.chair is None and m.agent.text == "陈立新"
    assert names(m.participants) == {"赵建国", "陈立新", "王明", "李华", "张强"}


def test_attendance_across_titled_groups():
    text = ("6月7日，管委会主任黄明主持召开管委会2024年第5次主任办公会。"
            "实验区领导何明、文华、郑东，二级巡视员薛平、刘宁参加会议。")
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "管委会2024年第5次主任办公会" and m.chair.text == "黄明"
    assert names(m.participants) == {"何明", "文华", "郑东", "薛平", "刘宁"}


def test_every_adopting_verb_and_titles_side_by_side():
    text = ("国务院总理王明远12月6日主持召开国务院常务会议。会议讨论并原则通过《某某法（修订草案）》。"
            "会议审议通过《某某条例（草案）》《国务院关于修改〈某某管理条例〉的决定（草案）》和《某某办法》。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"某某法（修订草案）", "某某条例（草案）", "国务院关于修改〈某某管理条例〉的决定（草案）", "某某办法"}
    assert len(m.object_evidence) == len(m.objects)


def test_a_session_of_a_peoples_congress_adopts_a_regulation():
    text = "5月21日，河北省十四届人大常委会第十二次会议表决通过了《河北省古树名木保护条例》。"
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "河北省十四届人大常委会第十二次会议"
    assert names(m.objects) == {"河北省古树名木保护条例"}
    assert (m.date.start, m.date.end) == (date(2025, 5, 21), date(2025, 5, 21))


def test_meetings_opened_together_are_one_event():
    text = ("中华全国青年作家联合会第九届委员会全体会议、中华全国少年作家学会第二十次代表大会2日上午在京开幕。"
            "中共中央政治局常委、中央书记处书记王明远出席开幕会。")
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "中华全国青年作家联合会第九届委员会全体会议"
    assert m.agent.text == "王明远" and names(m.participants) == {"王明远"}


def test_reviewing_or_issuing_is_no_approval():
    m = only_meeting("国务院总理王明远主持召开国务院常务会议，审议《某某法（草案）》，讨论某某工作。", PUBLISHED)
    assert not m.objects and "某某法（草案）" in names(m.reviewed)
    assert meetings("国务院办公厅近日印发《某某工作方案》。", PUBLISHED) == []


def test_a_document_adopted_by_a_session_in_the_passive_voice():
    text = "本报南宁5月11日电  《某某市职业教育促进条例》经广西壮族自治区十四届人大常委会第二十三次会议批准，已于5月1日起施行。"
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "广西壮族自治区十四届人大常委会第二十三次会议"
    assert names(m.objects) == {"某某市职业教育促进条例"}


def test_a_document_without_book_title_marks_and_one_named_again():
    text = ("全国政协主席王明远主持召开主席会议。会议审议通过政协第十四届全国委员会常务委员会第十二次会议议程（草案）和日程。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"政协第十四届全国委员会常务委员会第十二次会议议程（草案）"}
    text = ("第十四届全国人民代表大会第四次会议听取和审议了国务院总理王明远所作的政府工作报告。"
            "会议充分肯定国务院过去一年的工作，决定批准这个报告。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"政府工作报告"}


def test_a_body_that_approves_without_a_meeting():
    doc = analyze_text("《某某区国土空间总体规划》经国务院批准，近日正式印发。", PUBLISHED)
    (ex,) = get_extractors(["meeting"])
    found = [(f.subject.text, f.object.text) for f in ex(doc) if getattr(f, "family", "") == "approved"]
    assert found == [("国务院", "某某区国土空间总体规划")]


def test_a_meeting_announced_for_later_is_not_the_articles_meeting():
    text = ("十二届省人大常委会第九次会议30日在省城闭幕。省人大常委会主任周立平主持闭幕会。"
            "会议表决通过了省人大常委会关于召开省十三届人大一次会议的决定。根据决定，省十三届人大一次会议于2026年1月8日在省城召开。"
            "会议表决通过了省人大常委会关于修改《江城市养犬管理条例》的决定。")
    found = meetings(text, date(2025, 12, 30))
    held = [m for m in found if m.chair is not None]
    assert len(held) == 1 and held[0].name.text == "十二届省人大常委会第九次会议"
    assert "江城市养犬管理条例" in names(held[0].objects)
    # the session to come has no chair and adopts nothing
    assert all(not m.objects for m in found if m is not held[0])


def test_documents_named_by_what_they_are_about():
    text = ("全国人大常委会第四十次会议在京闭幕。会议表决通过了全国人大常委会关于批准《中华人民共和国和甲国引渡条约》的决定、"
            "《中华人民共和国和乙国引渡条约》的决定，关于批准《〈某某公约〉修正案》的决定。"
            "会议表决通过了全国人大常委会关于某某法第十四条和第四十七条的解释。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"中华人民共和国和甲国引渡条约", "中华人民共和国和乙国引渡条约", "〈某某公约〉修正案",
                                "全国人大常委会关于某某法第十四条和第四十七条的解释"}


def test_a_committee_named_with_he_is_no_document():
    text = ("全国人大常委会第四十次会议在京闭幕。会议表决通过了全国人大宪法和法律委员会、农业与农村委员会分别提出的"
            "关于十三届全国人大五次会议主席团交付审议的代表提出的议案审议结果的报告。")
    found = meetings(text, PUBLISHED)
    assert all("全国人大宪法" not in names(m.objects) for m in found)


def test_names_before_their_shared_title_attend():
    text = ("十四届全国人大常委会第十次会议14日在北京人民大会堂闭幕。赵乐际委员长主持会议。"
            "李鸿忠、王东明、肖捷、郑建邦副委员长和秘书长刘奇出席会议。")
    m = only_meeting(text, PUBLISHED)
    assert m.agent.text == "赵乐际"
    assert names(m.participants) == {"李鸿忠", "王东明", "肖捷", "郑建邦", "刘奇"}


def test_attending_a_named_meeting_holds_it_without_a_speech():
    text = "全国政协主席王沪宁13日在京出席全国政协专题协商会。全国政协副主席石泰峰、胡春华出席会议。"
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "全国政协专题协商会" and m.agent.text == "王沪宁"
    assert {"石泰峰", "胡春华"} <= names(m.participants)
    # attending a ceremony is no meeting
    assert meetings("全国政协主席王沪宁13日出席纪念仪式。", PUBLISHED) == []


def test_documents_listed_without_book_title_marks_and_quoted_words_inside_a_title():
    m = only_meeting("省十四届人大三次会议12日在杭州开幕。会议审议通过了政府工作报告、计划报告和预算报告。", PUBLISHED)
    assert names(m.objects) == {"政府工作报告", "计划报告", "预算报告"}
    m = only_meeting("国务院常务会议12日召开。会议审议通过了“十五五”现代综合交通运输体系发展规划。", PUBLISHED)
    assert names(m.objects) == {"“十五五”现代综合交通运输体系发展规划"}
    # a list whose items are not all documents adopts none of them
    m = only_meeting("国务院常务会议12日召开。会议审议通过了政府工作报告、代表名单和日程。", PUBLISHED)
    assert "政府工作报告、代表名单" not in names(m.objects)


def test_a_he_inside_a_law_s_title_splits_nothing():
    # 和 splits two documents only where the words before it end in a document's head
    m = only_meeting("省人大常委会第九次会议10日闭幕。会议经表决，通过了种业振兴法、退役船员地位和权益保障法、"
                     "新修订的湿地保护法。", PUBLISHED)
    assert names(m.objects) == {"种业振兴法", "退役船员地位和权益保障法", "湿地保护法"}
    m = only_meeting("省人大常委会第九次会议10日闭幕。会议表决通过了退役船员地位和权益保障法。", PUBLISHED)
    assert names(m.objects) == {"退役船员地位和权益保障法"}
    # a document and what is none: the first only
    m = only_meeting("省人大常委会第九次会议10日闭幕。会议审议通过了会议议程和日程。", PUBLISHED)
    assert names(m.objects) == {"会议议程"}


def test_a_standing_committee_meeting_of_a_political_consultative_conference():
    m = only_meeting("6月10日，南昌市政协召开十四届二十次常委会议，审议通过了《关于推动文旅融合发展的建议案》。", PUBLISHED)
    assert m.name.text == "十四届二十次常委会议" and m.agent.text == "南昌市政协"
    assert names(m.objects) == {"关于推动文旅融合发展的建议案"}


def test_a_short_law_is_adopted_and_what_was_adopted_said_of_again_is_no_document():
    text = ("省人大常委会第九次会议10日闭幕。会议经表决，通过了种业法。在会议完成有关表决事项后，"
            "主任林海涛指出，本次会议审议通过的法律和决定，有关方面要认真做好宣传解读工作。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"种业法"}


def test_a_body_that_approves_by_itself():
    from kg.types import Relation

    found = meetings("国务院近日批复同意《江城市国土空间总体规划（2021—2035年）》。", PUBLISHED)
    assert [(f.subject.text, f.object.text) for f in found if isinstance(f, Relation)] == \
        [("国务院", "江城市国土空间总体规划（2021—2035年）")]
    assert meetings("专家组批准《某方案》。", PUBLISHED) == []


def test_adverbs_and_a_review_before_the_approval_and_an_approval_of_what_was_reviewed():
    m = only_meeting("国务院常务会议12日召开。会议也审议并批准了《丙计划》。", PUBLISHED)
    assert names(m.objects) == {"丙计划"}
    m = only_meeting("市委常委会召开会议。会议审议了《丁办法》，并原则同意。", PUBLISHED)
    assert names(m.objects) == {"丁办法"}
    # reviewed and then only discussed: no approval
    m = only_meeting("市委常委会召开会议。会议审议了《丁办法》，指出要抓好落实。", PUBLISHED)
    assert names(m.objects) == set()


def test_laws_listed_without_book_title_marks_after_a_modifier():
    text = ("十四届全国人大常委会第九次会议28日下午在北京闭幕。"
            "会议经表决，通过了新修订的文物保护法、航道法、关于修改统计法的决定；决定免去某某的职务。")
    m = only_meeting(text, date(2025, 6, 28))
    assert names(m.objects) == {"文物保护法", "航道法", "关于修改统计法的决定"}
    # a list with an item that is no document is not read as documents
    m = only_meeting("十四届全国人大常委会第九次会议28日下午在北京闭幕。会议经表决，通过了统计法、有关人事任免事项。",
                     date(2025, 6, 28))
    assert not any("任免" in n for n in names(m.objects))


def test_who_attends_before_the_chair_is_named_takes_part():
    text = ("全国政协主席王明远出席座谈会并讲话。中央统战部部长李华主持座谈会。"
            "全国政协副主席张强、赵刚等参加座谈会。")
    m = only_meeting(text, date(2025, 6, 28))
    assert m.agent.text == "李华"
    assert {p.text for p in m.participants} == {"王明远", "张强", "赵刚"}


def test_attendees_with_the_posts_of_a_citys_congress_and_conference_and_those_who_sit_in():
    m = only_meeting("市委书记王明远昨天主持召开市委常委会会议。市人大常委会主任李华新、市政协主席张强国出席会议。",
                     PUBLISHED)
    assert names(m.participants) == {"李华新", "张强国"}
    # 列席 (sitting in) is attendance too, for a name listed after a titled one
    m = only_meeting("市委书记王明远昨天主持召开市委常委会会议。市人大常委会主任李华新、张强国列席会议。", PUBLISHED)
    assert names(m.participants) == {"李华新", "张强国"}


def test_a_citys_conference_is_the_organ_of_its_chairmans_post():
    doc = analyze_text("市政协主席张强国出席会议。")
    assert [m.text for m in doc._.mentions if m.type == "Position"] == ["市政协主席"]


def test_a_name_that_only_says_whose_relatives_attend_is_no_attendee():
    text = ("中共中央昨天举行座谈会，纪念王明远同志诞辰100周年。中共中央政治局常委赵建国主持座谈会。"
            "中央有关部门负责同志，王明远同志亲属、原身边工作人员和家乡代表等参加座谈会。")
    doc = analyze_text(text, PUBLISHED, use_model=True)   # the model knows 王明远 for a person's name
    assert "王明远" in [m.text for m in doc._.mentions if m.type == "Person"]
    (m,) = get_extractors(["meeting"])[0](doc)
    assert "王明远" not in names(m.participants)
    # 同志 after a name that attends does not hide it
    m = only_meeting("市委书记王明远昨天主持召开市委常委会会议。副市长李华新同志出席会议。", PUBLISHED)
    assert names(m.participants) == {"李华新"}


def test_the_meetings_short_name_approves_a_plan_with_its_years_in_brackets():
    text = ("全国人大常委会委员长赵建国主持召开十四届全国人大常委会第五次委员长会议。"
            "委员长会议审议通过了十四届全国人大常委会关于加强青山保护工作的五年规划（2023—2027）。")
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "十四届全国人大常委会第五次委员长会议"
    assert names(m.objects) == {"十四届全国人大常委会关于加强青山保护工作的五年规划（2023—2027）"}


def test_a_commemoration_is_named_from_jinian_to_its_anniversary_and_chaired_later():
    text = ("纪念林海涛同志诞辰100周年座谈会10日在京举行。中共中央政治局常委王明远出席座谈会。\n"
            "中央军委委员吴红梅主持座谈会。")
    m = only_meeting(text, PUBLISHED)
    assert m.name.text == "纪念林海涛同志诞辰100周年座谈会"
    assert m.chair.text == "吴红梅" and names(m.participants) == {"王明远"}
    assert m.date.start == date(2025, 6, 10)


def test_plenary_sessions_a_name_in_the_clause_before_its_verb_and_titles_joined_by_he():
    # 某某第五次全体会议，于…举行: the name is the clause before; 四中全会 is a session of its own
    m = only_meeting("江城市委第十届委员会第五次全体会议，于6月10日至11日在江城举行。全会审议通过了《江城市委关于深化改革的决定》。",
                     PUBLISHED)
    assert m.name.text == "江城市委第十届委员会第五次全体会议" and (m.date.start, m.date.end) == (date(2025, 6, 10), date(2025, 6, 11))
    assert names(m.objects) == {"江城市委关于深化改革的决定"}
    m = only_meeting("民革十三届四中全会8日在京召开。会议审议通过了民革中央常委会工作报告。", PUBLISHED)
    assert m.name.text == "民革十三届四中全会"
    # …的决议和某委员会关于…的报告: two titles, the second an organ's 关于 title; 民法典 is a law
    text = ("省政协十三届三次会议27日闭幕。会议通过了关于常务委员会工作报告的决议、关于提案工作情况报告的决议和"
            "提案审查委员会关于提案审查情况的报告。大会表决通过了民法典。")
    m = only_meeting(text, PUBLISHED)
    assert names(m.objects) == {"关于常务委员会工作报告的决议", "关于提案工作情况报告的决议", "提案审查委员会关于提案审查情况的报告",
                                "民法典"}
