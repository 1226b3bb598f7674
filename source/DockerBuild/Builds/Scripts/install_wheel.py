import os, shutil, sys, zipfile
wheel, site = sys.argv[1], sys.argv[2]
zipfile.ZipFile(wheel).extractall(site)
for data in [d for d in os.listdir(site) if d.endswith(".data")]:
    for scheme in ("purelib", "platlib"):
        tree = os.path.join(site, data, scheme)
        if os.path.isdir(tree):
            for entry in os.listdir(tree):
                shutil.move(os.path.join(tree, entry), os.path.join(site, entry))
print("unpacked", os.path.basename(wheel), "into", site)
