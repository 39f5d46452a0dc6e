"""Traditional Chinese labels for every published column and page (English comes from the names).

The test suite checks that every published column has a label here.
"""

LABELS_ZH = {
    "accessed_date": "讀取日期", "agreement_date": "協議日期", "agreement_id": "協議代碼", "amount_id": "金額代碼",
    "amount_qualifier": "金額註記", "amount_source_id": "金額來源", "amount_usd": "金額(美元)", "announced_date": "宣布日期",
    "announcement_no": "公告號", "atomic_number": "原子序", "attributed_to": "出處歸屬", "authority": "發布機關",
    "base_price_id": "基準價格代碼", "bill_number": "法案編號", "cagr_from_year": "成長起始年", "cagr_pct": "年複合成長率(%)",
    "capacity_high": "產能上限", "capacity_high_t_per_year": "產能上限(公噸/年)", "capacity_id": "產能代碼", "capacity_low": "產能下限",
    "china_share_pct": "中國佔比(%)", "claim_id": "陳述代碼", "company_name": "公司", "comparison": "比較方式",
    "counterparty": "簽署對象", "country_code": "國家代碼", "country_count": "國家數", "country_name_en": "國家(英文)",
    "country_name_zh": "國家", "currency": "幣別", "data_year": "資料年份", "date_note": "日期說明", "date_precision": "日期精度",
    "date_source_id": "日期來源", "denominator_basis": "分母基準", "difference": "差異", "effective_date": "生效日期",
    "effective_de_minimis_date": "0.1% 門檻生效日", "element_name_en": "元素(英文)", "element_name_zh": "元素",
    "element_source_ids": "元素來源", "element_symbol": "元素符號", "element_symbols": "元素符號", "explanation": "說明",
    "export_control_measure_ids": "出口管制措施", "export_control_status": "出口管制狀態", "facility_name": "設施",
    "figures_quoted": "引述數字", "funder": "出資方", "gathered_in": "蒐集出處", "group_three_way": "三分類",
    "group_two_way": "輕/重稀土", "has_date_conflict": "日期是否不一致", "hhi": "赫芬達爾指數", "instrument_type": "工具類型",
    "investment_id": "投資代碼", "is_aggregate": "是否為合計", "is_attribution_verified": "出處是否已核實", "is_binding": "是否具約束力",
    "is_derived": "是否為推算", "is_lanthanide": "是否為鑭系", "is_radioactive": "是否具放射性", "is_reported_year_assumed": "年份是否為推定",
    "issued_date": "發布日期", "law_id": "法案代碼", "law_name_en": "法案(英文)", "law_name_zh": "法案", "law_year": "年份",
    "licence": "授權", "magnetic_behaviour": "磁性", "market": "市場", "measure_id": "措施代碼", "measure_name_en": "措施(英文)",
    "measure_name_zh": "措施", "metric": "指標", "multiplier": "價格倍率(計算)", "multiplier_as_printed": "倍率(原文)",
    "multiplier_difference": "倍率差異", "note": "備註", "partner_country_code": "合作國代碼", "partner_name_en": "合作國(英文)",
    "partner_name_zh": "合作國", "price_basis": "價格基礎", "price_date": "價格日期", "price_high": "價格上限", "price_id": "價格代碼",
    "price_low": "價格下限", "price_stage": "價值鏈階段", "price_usd_per_t": "價格(美元/公噸)", "price_year": "價格年份",
    "product": "產品", "product_name": "產品", "published_date": "出版日期", "published_year": "出版年份", "publisher": "出版者",
    "purpose": "用途", "quantity_t": "數量(公噸)", "quantity_t_reo": "數量(公噸 REO)", "quote": "原文", "recomputed_number": "重算數值",
    "recomputed_value": "重算值", "reference_ordering_temperature_k": "參考居禮溫度(K)", "report_announced_date": "報告所載宣布日",
    "report_date": "報告所載日期", "report_effective_date": "報告所載生效日", "report_ordering_temperature_k": "報告所載有序溫度(K)",
    "reported_multiplier": "倍率(報告)", "reported_share_as_printed": "佔比(原文)", "reported_share_pct": "佔比(報告,%)",
    "reported_source_id": "佔比來源", "rest_of_world_share_pct": "其他地區佔比(%)", "scenario_code": "情境", "series_code": "序列",
    "share_difference_pp": "佔比差異(百分點)", "share_pct": "佔比(計算,%)", "share_rank": "排名", "source_edition": "來源版次",
    "source_id": "來源", "source_locator": "來源位置", "source_type": "來源類型", "southeast_asia_share_pct": "東南亞佔比(%)",
    "stage_order": "階段順序", "stated_number": "陳述數值", "stated_ref": "陳述出處", "stated_value": "陳述值", "status": "狀態",
    "status_as_of_date": "狀態基準日", "summary_zh": "內容", "suspended_date": "暫停日期", "suspended_until_date": "暫停至",
    "target_year": "目標年", "title": "標題", "tolerance": "容許誤差", "top1_share_pct": "最大國佔比(%)", "top3_share_pct": "前三國佔比(%)",
    "topic": "主題", "unit": "單位", "url_or_identifier": "網址或識別碼", "us_australia_southeast_asia_share_pct": "美澳東南亞佔比(%)",
    "value_chain_segment": "價值鏈環節", "value_qualifier": "數值註記", "world_t_reo": "全球合計(公噸 REO)", "year": "年份",
    # data dictionary page
    "table_name": "資料表", "column_name": "欄位", "data_type": "型別", "description": "說明", "table_schema": "綱要",
}

PAGE_TITLES_ZH = {
    "country_shares": "各國儲量與產量佔比", "concentration": "供應集中度", "price_multipliers": "價值鏈價格倍率",
    "demand_projections": "供需預測", "agreements": "美國雙邊協議", "investments": "企業投資", "capacities": "產能與目標",
    "legislation": "美國立法", "export_controls": "中國出口管制", "elements": "稀土元素", "claims": "報告事實查核",
    "sources": "資料來源", "dictionary": "資料字典", "changelog": "版本變更", "index": "稀土供應鏈資料集",
}
