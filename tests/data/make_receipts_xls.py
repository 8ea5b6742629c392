"""Writes receipts.xls, the .xls (BIFF8) fixture of tests/import.rs.

Run with Python 3 and xlwt 1.3 (pip install xlwt): python3 make_receipts_xls.py
Cells are typed as a unit's Excel would have them: a title row, a date cell, a plain serial
number, money as a number and as text, a receipt number stored as a number.
"""
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("收据")
date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
sheet.write(0, 0, "2017年罚没款收据登记表")
for col, header in enumerate(["票据编号", "缴款日期", "交款人", "金额（元）", "处罚决定书文号", "收款单位"]):
    sheet.write(1, col, header)
sheet.write(2, 0, 12345)
sheet.write(2, 1, datetime.date(2017, 3, 5), date_style)
sheet.write(2, 2, "王某")
sheet.write(2, 3, 1500)
sheet.write(2, 4, "鲅市监罚[2017]第12号")
sheet.write(2, 5, "区市场监督管理局")
sheet.write(3, 0, "0012346")
sheet.write(3, 1, "2017年3月5日")
sheet.write(3, 2, "某公司")
sheet.write(3, 3, "壹仟伍佰元整")
sheet.write(3, 4, "鲅市监罚（2017）12号")
sheet.write(4, 0, "0012347")
sheet.write(4, 1, 42799)
sheet.write(4, 2, "李某")
sheet.write(4, 3, 1500.5)
book.save("receipts.xls")
