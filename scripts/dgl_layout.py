"""Plain-PyTorch layers with DGL's parameter names, shapes and forward (DGL 2.x python/dgl/nn/pytorch/conv),
for fixtures that must look like a DGL model's state_dict without DGL installed. Graphs are
edge_index tensors [2, E] (row 0 sources, row 1 destinations); features are float32."""
import torch
import torch.nn.functional as F
from torch import nn


def degrees(ei, n):
    return torch.bincount(ei[0], minlength=n).float(), torch.bincount(ei[1], minlength=n).float()


def sum_into(messages, dst, n):
    return torch.zeros((n,) + messages.shape[1:]).index_add(0, dst, messages)


class DGLGraphConv(nn.Module):
    """GraphConv(norm='both'): sum_j h_j W / sqrt(outdeg(j) indeg(i)), degrees clamped to 1; weight [in, out]."""
    def __init__(self, in_feats, out_feats):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(in_feats, out_feats))
        self.bias = nn.Parameter(torch.zeros(out_feats))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, ei):
        n = x.size(0)
        out_deg, in_deg = degrees(ei, n)
        h = x * out_deg.clamp(min=1).pow(-0.5).unsqueeze(1)
        h = sum_into((h @ self.weight)[ei[0]], ei[1], n)
        return h * in_deg.clamp(min=1).pow(-0.5).unsqueeze(1) + self.bias


class DGLSAGEConv(nn.Module):
    """SAGEConv: 'mean' -> fc_self(h_i) + fc_neigh(mean_j h_j), bias inside fc_self; 'gcn' -> fc_neigh of
    (sum_j h_j + h_i) / (indeg + 1) plus a separate `bias`, no fc_self."""
    def __init__(self, in_feats, out_feats, aggregator_type):
        super().__init__()
        self.aggregator_type = aggregator_type
        self.fc_neigh = nn.Linear(in_feats, out_feats, bias=False)
        if aggregator_type != 'gcn':
            self.fc_self = nn.Linear(in_feats, out_feats, bias=True)
        else:
            self.bias = nn.Parameter(torch.zeros(out_feats))

    def forward(self, x, ei):
        n = x.size(0)
        _, in_deg = degrees(ei, n)
        summed = sum_into(x[ei[0]], ei[1], n)
        if self.aggregator_type == 'gcn':
            return self.fc_neigh((summed + x) / (in_deg + 1).unsqueeze(1)) + self.bias
        return self.fc_self(x) + self.fc_neigh(summed / in_deg.clamp(min=1).unsqueeze(1))


class DGLGATConv(nn.Module):
    """GATConv: fc (no bias) to [N, H, F]; attention leaky_relu(attn_l . Wh_j + attn_r . Wh_i), softmax over
    i's in-edges; residual through res_fc (with the bias) when in != H*F, else an explicit `bias`."""
    def __init__(self, in_feats, out_feats, num_heads, residual=False):
        super().__init__()
        self.h, self.f = num_heads, out_feats
        self.fc = nn.Linear(in_feats, out_feats * num_heads, bias=False)
        self.attn_l = nn.Parameter(torch.empty(1, num_heads, out_feats))
        self.attn_r = nn.Parameter(torch.empty(1, num_heads, out_feats))
        gain = nn.init.calculate_gain('relu')
        for p in (self.fc.weight, self.attn_l, self.attn_r):
            nn.init.xavier_normal_(p, gain=gain)
        self.residual = residual
        self.has_linear_res = residual and in_feats != out_feats * num_heads
        if self.has_linear_res:
            self.res_fc = nn.Linear(in_feats, out_feats * num_heads, bias=True)
        else:
            self.bias = nn.Parameter(torch.zeros(out_feats * num_heads))

    def forward(self, x, ei):
        n = x.size(0)
        feat = self.fc(x).view(-1, self.h, self.f)
        el, er = (feat * self.attn_l).sum(-1), (feat * self.attn_r).sum(-1)
        e = F.leaky_relu(el[ei[0]] + er[ei[1]], 0.2)
        top = torch.full((n, self.h), -float('inf')).scatter_reduce(0, ei[1].unsqueeze(1).expand_as(e), e, 'amax')
        a = torch.exp(e - top[ei[1]])
        a = a / sum_into(a, ei[1], n)[ei[1]]
        rst = sum_into(feat[ei[0]] * a.unsqueeze(-1), ei[1], n)
        if self.has_linear_res:
            return rst + self.res_fc(x).view(-1, self.h, self.f)
        if self.residual:
            rst = rst + x.view(-1, self.h, self.f)
        return rst + self.bias.view(1, self.h, self.f)


class DGLTypedLinear(nn.Module):
    """TypedLinear(regularizer='basis'): W [num_bases, in, out], coeff [num_types, num_bases]; W_t = sum_b coeff[t, b] W_b."""
    def __init__(self, in_size, out_size, num_types, num_bases):
        super().__init__()
        self.W = nn.Parameter(torch.empty(num_bases, in_size, out_size))
        self.coeff = nn.Parameter(torch.empty(num_types, num_bases))
        nn.init.uniform_(self.W, -1 / in_size ** 0.5, 1 / in_size ** 0.5)
        nn.init.xavier_uniform_(self.coeff, gain=nn.init.calculate_gain('relu'))

    def forward(self, x, types):
        w = (self.coeff @ self.W.view(self.W.size(0), -1)).view(-1, self.W.size(1), self.W.size(2))
        return torch.bmm(x.unsqueeze(1), w[types]).squeeze(1)


class DGLRelGraphConv(nn.Module):
    """RelGraphConv(regularizer='basis', self_loop=True, bias=True): sum_e norm_e W_{r_e} h_src + h_bias + h_dst loop_weight."""
    def __init__(self, in_feat, out_feat, num_rels, num_bases):
        super().__init__()
        self.linear_r = DGLTypedLinear(in_feat, out_feat, num_rels, num_bases)
        self.h_bias = nn.Parameter(torch.zeros(out_feat))
        self.loop_weight = nn.Parameter(torch.empty(in_feat, out_feat))
        nn.init.xavier_uniform_(self.loop_weight, gain=nn.init.calculate_gain('relu'))

    def forward(self, x, ei, etypes, norm):
        m = self.linear_r(x[ei[0]], etypes) * norm
        return sum_into(m, ei[1], x.size(0)) + self.h_bias + x @ self.loop_weight
