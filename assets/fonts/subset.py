from fontTools.ttLib import TTCollection
from fontTools import subset
import sys
src, idx, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ttc = TTCollection(src)
font = ttc.fonts[idx]
print(font['name'].getDebugName(4), len(font.getGlyphOrder()))
ranges = [(0x20,0x7E),(0xA0,0x17F),(0x2000,0x206F),(0x2100,0x218F),(0x2190,0x21FF),(0x2200,0x22FF),(0x2460,0x24FF),(0x2500,0x257F),(0x25A0,0x25FF),(0x2600,0x26FF),(0x3000,0x303F),(0x3040,0x30FF),(0x3200,0x33FF),(0x3400,0x4DBF),(0x4E00,0x9FFF),(0xF900,0xFAFF),(0xFE30,0xFE4F),(0xFF00,0xFFEF),(0x20000,0x2FFFF)]
unis = [u for a,b in ranges for u in range(a,b+1)]
opts = subset.Options()
opts.layout_features = []
opts.name_IDs = ['*']; opts.name_languages=['*']
opts.notdef_outline = True
opts.hinting = False
opts.desubroutinize = False
s = subset.Subsetter(opts)
s.populate(unicodes=unis)
s.subset(font)
font.save(out)
cmap = font.getBestCmap()
print(out, len(font.getGlyphOrder()), len(cmap), 'base block', sum(1 for u in range(0x4E00,0xA000) if u in cmap), 'extA', sum(1 for u in range(0x3400,0x4DC0) if u in cmap))
