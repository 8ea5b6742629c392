"""Writes complaints.xls, the .xls (BIFF8, Excel 97-2003) 监督举报 register of tests/ui_campaign.rs.

Run with Python 3 and xlwt 1.3 (pip install xlwt): python3 make_complaints_xls.py
Shaped as a lead's office keeps it in old Excel: a title row, a 填报单位 line, then the header;
序号 as numbers, dates as date cells and one typed as text, 是否办结 as 是/否, a unit named and
one complaint naming only a domain, and a signed footer under the table.
"""
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("监督举报登记")
date_style = xlwt.easyxf(num_format_str="yyyy/m/d")
bold = xlwt.easyxf("font: bold on")
sheet.write_merge(0, 0, 0, 9, "2017年规范行政处罚行为专项治理监督举报登记台账", bold)
sheet.write(1, 0, "填报单位：区法制办（综合督查组）")
headers = ["序号", "受理日期", "举报方式", "被举报单位", "执法领域", "举报人", "反映内容", "承办人", "办理结果", "是否办结"]
for col, header in enumerate(headers):
    sheet.write(2, col, header, bold)
rows = [
    (datetime.date(2017, 7, 3), "电话", "区综合执法局", "城管", "匿名", "占道经营罚款未开收据", "王海", "已转区综合执法局核查，属实，已退款", "是"),
    (datetime.date(2017, 7, 11), "来信", "区环境保护局", "环保", "张某", "同类排污处罚金额相差悬殊", "王海", "", "否"),
    ("2017年7月20日", "12345转办", "", "市场监管", "李某", "市场检查人员未出示执法证", "刘敏", "", "否"),
    (datetime.date(2017, 8, 2), "邮箱", "区综合执法局", "", "匿名", "执法人员态度粗暴", "刘敏", "约谈当事执法人员，已回复举报人", "是"),
]
for i, row in enumerate(rows):
    r = 3 + i
    sheet.write(r, 0, i + 1)
    received, *rest = row
    if isinstance(received, datetime.date):
        sheet.write(r, 1, received, date_style)
    else:
        sheet.write(r, 1, received)
    for col, value in enumerate(rest, start=2):
        sheet.write(r, col, value)
sheet.write(3 + len(rows) + 1, 0, "填表人：王海    审核人：赵彧")
book.save("complaints.xls")
